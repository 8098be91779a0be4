using System.Diagnostics;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>
/// SIGTERM (what systemd, Docker and <c>kill</c> send) while a feed's server accepts the request
/// and never answers: the real program, as a child process, ends within 5 s, long before the
/// fetch's own timeout.
/// </summary>
public sealed class StopSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(5);

    private readonly TempSqliteDatabase _root = new();
    private readonly TaskCompletionSource _fetchStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer _hungServer = null!;

    public async Task InitializeAsync()
    {
        _hungServer = await LoopbackServer.StartAsync(async context =>
        {
            _fetchStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        // A feed whose start-up poll of `run` comes one second after start (no jitter).
        var feedId = Enumerable.Range(0, 1000).Select(i => $"hung-{i}").First(id => FeedTriggers.JitterSeconds(new FeedId(id)) % 30 == 0);
        var feeds = Path.Combine(_root.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, feedId + ".json"), $$"""
            { "id": "{{feedId}}", "title": "never answers", "kind": "syndication", "url": "{{_hungServer.Url("/feed.xml")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
        File.WriteAllText(Path.Combine(_root.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0, "Timeout": "00:05:00" }, "Console": { "Feeds": "all", "Rules": { "all": "feed" } } }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _hungServer.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task PollOnce_SigtermDuringAHungFetch_EndsWithin5sSayingItStopped()
    {
        using var child = ChildProcess.Start(_root.Folder, "poll", "--once");

        var stoppedAfter = await TerminateDuringTheFetchAsync(child);

        Assert.True(stoppedAfter < StopWithin, $"still running {stoppedAfter.TotalSeconds:0.0} s after SIGTERM; stderr: {child.Error}");
        Assert.Equal(130, child.ExitCode);
        Assert.Contains("poll --once stopped (Ctrl-C or SIGTERM)", child.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", child.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SigtermDuringAHungFetch_EndsWithin5s()
    {
        using var child = ChildProcess.Start(_root.Folder, "run", "--Urls=http://127.0.0.1:0");

        var stoppedAfter = await TerminateDuringTheFetchAsync(child);

        Assert.True(stoppedAfter < StopWithin, $"still running {stoppedAfter.TotalSeconds:0.0} s after SIGTERM; stderr: {child.Error}");
        Assert.Equal(0, child.ExitCode);
    }

    /// <summary>Waits until the child is inside the fetch, sends SIGTERM, and returns how long the child took to end (capped a little past the limit).</summary>
    private async Task<TimeSpan> TerminateDuringTheFetchAsync(ChildProcess child)
    {
        await Task.WhenAny(_fetchStarted.Task, child.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(_fetchStarted.Task.IsCompleted, $"the child never fetched the feed; stderr: {child.Error}");
        var sent = Stopwatch.StartNew();
        child.Terminate();
        await child.WaitForExitAsync(StopWithin + TimeSpan.FromSeconds(10));
        return sent.Elapsed;
    }
}
