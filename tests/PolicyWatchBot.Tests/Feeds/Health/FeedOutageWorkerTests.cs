using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;

namespace PolicyWatchBot.Tests.Feeds.Health;

/// <summary>
/// A feed in outage through the <c>run</c> worker: its Quartz job fired against a loopback Federal
/// Register that fails, on a clock moved an hour between polls (past each backoff). The console
/// channel is told once; <c>/healthz</c> and <c>status</c> show since when and the last error, never
/// the feed's key; a channel subscribing mid-outage is told so in the reply and is told with the
/// others when the feed recovers.
/// </summary>
public sealed class FeedOutageWorkerTests : IAsyncLifetime
{
    private const string Feed = "fr-keyed";
    private const string FeedPath = "/fr/keyed.json";
    private const string Key = "outage-Key-5521";
    private const string Notice = "Feed health · " + Feed;

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();
    private readonly DateTimeOffset _start = TimeProvider.System.GetUtcNow();
    private readonly ShiftedClock _clock;
    private readonly PollsDone _polls = new();
    private FakeFeedServer _server = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public FeedOutageWorkerTests() => _clock = new ShiftedClock(_start);

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _feeds.Add(Feed, "federal-register", new Uri(_server.Url(FeedPath).AbsoluteUri + "?api_key={secret:DATA_GOV}"));
        _app = WorkerApp.BuildAt(_clock, _db, _feeds.Path, _console, pollOnStart: false, Secret);
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Fixtures.Timeout());
        scheduler.ListenerManager.AddJobListener(_polls);
        await _app.StartAsync(Fixtures.Timeout());
        await SchedulerStarted.WaitAsync(_app.Services, TimeSpan.FromSeconds(30));
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(Fixtures.Timeout());
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    private static string Secret => "--PolicyWatch:Feeds:Secrets:DATA_GOV=" + Key;

    [Fact]
    public async Task Run_ThreeFailedPolls_HealthzAndStatusShowTheOutageWithoutTheKey()
    {
        var lastSuccess = await OutageAsync();

        var text = await _client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Fixtures.Timeout());
        var feed = JsonDocument.Parse(text).RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("id").GetString() == Feed);
        Assert.Equal("failing", feed.GetProperty("status").GetString());
        Assert.Equal(3, feed.GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("HTTP 503", feed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var outage = feed.GetProperty("outage");
        Assert.Equal("failing", outage.GetProperty("cause").GetString());
        Assert.Equal(lastSuccess, outage.GetProperty("since").GetDateTimeOffset());
        Assert.Contains(Feed, JsonDocument.Parse(text).RootElement.GetProperty("failingFeeds").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);

        var status = await ChatAsync("status");
        Assert.Contains("Feeds: 0 healthy, 1 failing.", status, StringComparison.Ordinal);
        Assert.Contains($"{Feed} failing (3 failures in a row, last success {ReplyText(lastSuccess)}): feed {Feed}: HTTP 503 Service Unavailable", status, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, status, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ChannelSubscribesMidOutage_IsToldInTheReplyAndToldWhenItRecovers()
    {
        var lastSuccess = await OutageAsync();

        var reply = await ChatAsync("subscribe", Feed);

        Assert.Contains($"Note: {Feed} is failing: 3 polls in a row failed (last error: feed {Feed}: HTTP 503 Service Unavailable", reply, StringComparison.Ordinal);
        Assert.Contains($"No alerts from {Feed} since {ReplyText(lastSuccess)}; this channel will be told when it recovers.", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, reply, StringComparison.Ordinal);

        _server.Serve(FeedPath, FederalRegisterBodies.ByNumber("2024-00422", "2024-00359"), "application/json");
        await PollAsync(hoursLater: 4);
        await _console.WaitForAsync($"{Notice} → #desk", TimeSpan.FromSeconds(30));
        // #console was told of the outage already: wait for its second notice, the recovery.
        await _console.WaitForAsync($"{Notice} → #console", TimeSpan.FromSeconds(30), times: 2);

        var notices = _console.ToString().Split("━━ ").Where(b => b.Contains(Notice, StringComparison.Ordinal)).ToList();
        var desk = Assert.Single(notices, n => n.Contains("→ #desk", StringComparison.Ordinal));
        Assert.Contains($"Feed {Feed} recovered: 1 item caught up", desk, StringComparison.Ordinal);
        Assert.Equal(2, notices.Count(n => n.Contains("→ #console", StringComparison.Ordinal)));
    }

    /// <summary>One good poll, then three failed ones an hour apart; waits for the console's notice. Returns the good poll's time.</summary>
    private async Task<DateTimeOffset> OutageAsync()
    {
        _server.Serve(FeedPath, FederalRegisterBodies.ByNumber("2024-00422"), "application/json");
        await PollAsync(hoursLater: 0);
        var store = _app.Services.GetRequiredService<IStore>();
        var lastSuccess = (await store.GetFeedStateAsync(new(Feed), Fixtures.Timeout())).LastSuccessAt!.Value;

        _server.Fail(FeedPath, 503);
        await PollAsync(hoursLater: 1);
        await PollAsync(hoursLater: 2);
        Assert.DoesNotContain(Notice, _console.ToString(), StringComparison.Ordinal);
        await PollAsync(hoursLater: 3);
        await _console.WaitForAsync(Notice, TimeSpan.FromSeconds(30));
        Assert.Contains($"!! Feed {Feed} is failing: 3 polls in a row", _console.ToString(), StringComparison.Ordinal);
        Assert.All(_server.Requests, r => Assert.Contains("api_key=" + Key, r.Query, StringComparison.Ordinal));
        return lastSuccess;
    }

    /// <summary>Fires the feed's own Quartz job at the clock moved this many hours on, and waits until it ran.</summary>
    private async Task PollAsync(int hoursLater)
    {
        _clock.MoveTo(_start.AddHours(hoursLater));
        var ran = _polls.Next();
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Fixtures.Timeout());
        await scheduler.TriggerJob(new JobKey(Feed, PollFeedJob.Group), Fixtures.Timeout());
        await ran.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>What <c>chat --channel desk</c> answered, on the worker's database and feeds.</summary>
    private async Task<string> ChatAsync(params string[] command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChatVerb.RunAsync(
            [
                $"--PolicyWatch:Storage:ConnectionString={_db.ConnectionString}", $"--PolicyWatch:Feeds:Directory={_feeds.Path}", Secret,
                "--channel", "desk", "--user", "alice", "--manager", .. command,
            ],
            output, error, _db.Folder);
        Assert.True(exit == 0, $"chat exited {exit}: {error}");
        return output.ToString();
    }

    private static string ReplyText(DateTimeOffset instant) => PolicyWatchBot.Chat.ReplyText.When(instant);

    /// <summary>Completes a task each time a feed job has run.</summary>
    private sealed class PollsDone : IJobListener
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "polls-done";

        public Task Next()
        {
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (context.JobDetail.Key.Group == PollFeedJob.Group)
            {
                _next.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }
    }
}
