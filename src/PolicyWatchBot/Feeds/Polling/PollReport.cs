using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>What one poll of one feed did.</summary>
public sealed record PollReport(FeedId Feed, PollOutcome Outcome, int Items, int New, int Changed, int AlertsQueued, string? Error)
{
    public bool Succeeded => Outcome is not PollOutcome.Failed;
}

public enum PollOutcome
{
    Polled,
    NotModified,
    BodyUnchanged,
    SkippedBackingOff,
    Failed,
}
