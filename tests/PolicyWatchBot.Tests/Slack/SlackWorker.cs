using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// The real worker (as <c>run</c> builds it) with Slack pointed at a loopback Slack, a loopback feed
/// host, a feed folder (with a <c>quiet</c> feed for the console channel) and a SQLite file.
/// </summary>
internal sealed class SlackWorker : IAsyncDisposable
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();

    private string[] _settings = [];
    private TimeProvider? _time;

    private SlackWorker(FakeFeedServer feedHost, FakeSlackServer slack)
    {
        FeedHost = feedHost;
        Slack = slack;
    }

    public FakeFeedServer FeedHost { get; }

    public FakeSlackServer Slack { get; }

    public WebApplication App { get; private set; } = null!;

    public string ConnectionString => _db.ConnectionString;

    /// <summary>Starts the fakes, lets <paramref name="addFeeds"/> define feeds, then starts the worker with <paramref name="settings"/> (<c>--Key=value</c>).</summary>
    public static Task<SlackWorker> StartAsync(Action<FakeFeedServer, FeedFolder> addFeeds, params string[] settings) =>
        StartAsync(addFeeds, null, settings);

    /// <summary>As the other overload, on the given clock (the system clock when null), kept across restarts.</summary>
    public static async Task<SlackWorker> StartAsync(Action<FakeFeedServer, FeedFolder> addFeeds, TimeProvider? time, params string[] settings)
    {
        var worker = new SlackWorker(await FakeFeedServer.StartAsync(), await FakeSlackServer.StartAsync());
        worker._feeds.Add("quiet", "syndication", worker.FeedHost.Url("/quiet.xml"));
        addFeeds(worker.FeedHost, worker._feeds);
        worker._settings = ["--PolicyWatch:Console:Feeds=quiet", $"--PolicyWatch:Slack:ApiBaseUrl={worker.Slack.ApiBase}", .. settings];
        worker._time = time;
        worker.App = WorkerApp.BuildAt(time, worker._db, worker._feeds.Path, worker._console, pollOnStart: false, worker._settings);
        await worker.App.StartAsync(Fixtures.Timeout());
        return worker;
    }

    /// <summary>Stops the worker and starts a new one on the same database and fakes, as a restart does.</summary>
    public async Task RestartAsync()
    {
        await App.StopAsync(Fixtures.Timeout());
        await App.DisposeAsync();
        App = WorkerApp.BuildAt(_time, _db, _feeds.Path, _console, pollOnStart: false, _settings);
        await App.StartAsync(Fixtures.Timeout());
    }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public Task<PollReport> PollAsync(string feed) =>
        Get<IFeedPoller>().PollAsync(Get<FeedCatalog>().Find(feed)!, ignoreBackoff: true, Fixtures.Timeout());

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(Fixtures.Timeout());
        await App.DisposeAsync();
        await Slack.DisposeAsync();
        await FeedHost.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }
}
