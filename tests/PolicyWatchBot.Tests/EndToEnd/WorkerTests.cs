using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;

namespace PolicyWatchBot.Tests.EndToEnd;

/// <summary>The real worker as <c>run</c> builds it: Quartz fires the start-up poll, the dispatcher prints the alerts.</summary>
public sealed class WorkerTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();
    private FakeFeedServer _server = null!;
    private WebApplication? _app;

    public async Task InitializeAsync() => _server = await FakeFeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(Fixtures.Timeout());
            await _app.DisposeAsync();
        }

        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Run_FreshStart_PollsOnceOnItsOwnAndPrintsTheAlerts()
    {
        var feedId = ZeroJitterFeed("bis");
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _feeds.Add(feedId, "federal-register", _server.Url("/fr/bis.json"));
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: true);

        await _app.StartAsync(Fixtures.Timeout());
        await _console.WaitForAsync("fr:2024-00582", TimeSpan.FromSeconds(30));

        Assert.Contains($"New · {feedId} · fr:2024-00190", _console.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests("/fr/bis.json"));
    }

    [Fact]
    public async Task Run_FeedFails_RetriedByATriggerAtTheBackoffItLogged()
    {
        var feedId = ZeroJitterFeed("down");
        _server.Fail("/down.json", 502);
        _feeds.Add(feedId, "federal-register", _server.Url("/down.json"));
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: true);
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Fixtures.Timeout());
        var polled = new JobDone();
        scheduler.ListenerManager.AddJobListener(polled);

        await _app.StartAsync(Fixtures.Timeout());
        await polled.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var state = await _app.Services.GetRequiredService<IStore>().GetFeedStateAsync(new FeedId(feedId), Fixtures.Timeout());
        var retry = await scheduler.GetTrigger(FeedTriggers.RetryKey(new FeedId(feedId)), Fixtures.Timeout());
        Assert.NotNull(state.RetryAfter);
        Assert.NotNull(retry);
        Assert.InRange(retry.StartTimeUtc - state.RetryAfter.Value, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.InRange(state.RetryAfter.Value - state.LastErrorAt!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Run_RestartedWhileAFeedBacksOff_RetryTriggerAtTheStoredBackoff()
    {
        var retryAt = TimeProvider.System.GetUtcNow().AddMinutes(7);
        var store = _db.CreateStore();
        await store.MigrateAsync(Fixtures.Timeout());
        await store.SaveFeedStateAsync(FeedState.Empty(new FeedId("down")) with { ConsecutiveFailures = 3, RetryAfter = retryAt }, Fixtures.Timeout());
        _feeds.Add("down", "federal-register", _server.Url("/down.json"));
        _feeds.Add("up", "federal-register", _server.Url("/up.json"));
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false);

        await _app.StartAsync(Fixtures.Timeout());

        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Fixtures.Timeout());
        var retry = await scheduler.GetTrigger(FeedTriggers.RetryKey(new FeedId("down")), Fixtures.Timeout());
        Assert.NotNull(retry);
        Assert.InRange(retry.StartTimeUtc - retryAt, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Null(await scheduler.GetTrigger(FeedTriggers.RetryKey(new FeedId("up")), Fixtures.Timeout()));
    }

    // A feed id whose start-up jitter is zero, so the start poll fires a second after start.
    private static string ZeroJitterFeed(string prefix) =>
        Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").First(id => FeedTriggers.JitterSeconds(new FeedId(id)) % 30 == 0);

    private sealed class JobDone : IJobListener
    {
        public string Name => "job-done";

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Done.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
