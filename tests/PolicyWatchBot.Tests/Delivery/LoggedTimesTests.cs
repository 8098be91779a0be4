using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>Times inside log messages (a retry, a probe, a feed's backoff) are ISO 8601 UTC like the lines' own timestamps, whatever the culture.</summary>
public sealed class LoggedTimesTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 10, TimeSpan.Zero);

    [Fact]
    public void RetryProbeAndBackoff_WrittenAsIsoUtc()
    {
        using var provider = new RecordingLoggerProvider();
        var logger = provider.CreateLogger("test");

        logger.WillRetry("PW-AAAA", "slack/T1/C1", 1, "HTTP 503", At);
        logger.ChannelParked("slack/T1/C1", 3, "not_in_channel", At);
        logger.PlatformParked("slack", 3, "invalid_auth", At);
        logger.PollFailed(new FeedId("fr-bis"), 2, "HTTP 500", At);

        Assert.Equal(4, provider.Lines.Count);
        Assert.All(provider.Lines, line => Assert.Contains("2026-03-02T09:00:10Z", line, StringComparison.Ordinal));
    }
}
