using Microsoft.AspNetCore.Builder;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Tests.Infrastructure;

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
        // A feed id whose start-up jitter is zero, so the start poll fires a second after start.
        var feedId = Enumerable.Range(0, 1000).Select(i => $"bis-{i}").First(id => FeedTriggers.JitterSeconds(new FeedId(id)) % 30 == 0);
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _feeds.Add(feedId, "federal-register", _server.Url("/fr/bis.json"));
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: true);

        await _app.StartAsync(Fixtures.Timeout());
        await _console.WaitForAsync("fr:2024-00582", TimeSpan.FromSeconds(30));

        Assert.Contains($"New · {feedId} · fr:2024-00190", _console.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests("/fr/bis.json"));
    }
}
