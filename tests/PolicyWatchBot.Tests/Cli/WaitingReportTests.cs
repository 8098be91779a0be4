using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>The lines a one-shot verb prints about what still waits are true of when each post is tried next.</summary>
public sealed class WaitingReportTests
{
    private static readonly ChannelKey Desk = new("slack", "T1", "CDESK");
    private static readonly ChannelKey Ops = new("slack", "T1", "COPS");
    private static readonly DateTimeOffset Queued = new(2026, 12, 2, 1, 34, 49, TimeSpan.Zero);
    private static readonly DateTimeOffset Retry = new(2026, 12, 2, 1, 35, 22, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_NeverTriedPostsBehindAWaitingOne_TriedAfterItNotAtTheirOwnPastTime()
    {
        var lines = await WriteAsync(
            new WaitingPosts(Desk, "#desk", WaitingState.Pending, null, 950, Queued),
            new WaitingPosts(Desk, "#desk", WaitingState.Pending, "conversations.history failed: connection refused", 1, Retry),
            new WaitingPosts(Desk, "#desk", WaitingState.Pending, "waiting behind PW-KRXN", 49, Retry));

        Assert.Equal("1000 posts not delivered yet; the outbox keeps them and the worker ('run') or the next poll --once or chat delivers them:", lines[0]);
        Assert.Equal("  #desk (slack/T1/CDESK): 950 posts pending, next try 2026-12-02T01:35:22Z: not tried yet, behind the channel's older posts", lines[1]);
        Assert.Equal("  #desk (slack/T1/CDESK): 1 post pending, next try 2026-12-02T01:35:22Z: conversations.history failed: connection refused", lines[2]);
    }

    [Fact]
    public async Task WriteAsync_NeverTriedPostsOfAChannelWithNothingWaiting_KeepTheirOwnTime()
    {
        var lines = await WriteAsync(
            new WaitingPosts(Ops, "#ops", WaitingState.Pending, null, 3, Queued),
            new WaitingPosts(Desk, "#desk", WaitingState.Pending, "rate limited", 2, Retry));

        Assert.Equal("  #ops (slack/T1/COPS): 3 posts pending, next try 2026-12-02T01:34:49Z: not tried yet", lines[1]);
    }

    private static async Task<string[]> WriteAsync(params WaitingPosts[] waiting)
    {
        using var error = new StringWriter();
        await WaitingReport.WriteAsync(error, waiting);
        return error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }
}
