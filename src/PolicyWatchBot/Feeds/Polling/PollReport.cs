using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Backfill;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>What one poll of one feed did; <paramref name="RetryAt"/> is when a failing feed may be polled again.</summary>
public sealed record PollReport(FeedId Feed, PollOutcome Outcome, int Items, int New, int Changed, int AlertsQueued, string? Error, DateTimeOffset? RetryAt = null)
{
    public bool Succeeded => Outcome is not (PollOutcome.Failed or PollOutcome.NeedsSecret);

    /// <summary>The planning work of a poll that parsed items: channels, items tokenized, rule evaluations.</summary>
    public PlanStatistics? Statistics { get; init; }

    /// <summary>Items left out because planning them failed; the next poll tries them again.</summary>
    public int FailedItems { get; init; }

    /// <summary>New or changed documents of a fullText feed whose text was not read this poll: they wait, alerts and all, for the next.</summary>
    public int WaitingForText { get; init; }

    /// <summary>Items first seen by this poll but dated before the alert window: stored without alerting.</summary>
    public int BeforeAlertWindow { get; init; }

    /// <summary>The first load of a screening list: how many entities were stored as its baseline, without alerts.</summary>
    public int? ListBaseline { get; init; }

    /// <summary>What this poll's run of the feed's history backfill did, when it had one to run.</summary>
    public BackfillReport? Backfill { get; init; }
}

public enum PollOutcome
{
    Polled,
    NotModified,
    BodyUnchanged,
    SkippedBackingOff,
    Failed,

    /// <summary>Not polled: the feed references a secret configuration does not set.</summary>
    NeedsSecret,
}
