using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// Everything one poll of one feed writes, decided before anything is written, and written by the store
/// in one transaction: item revisions (appended), the items this feed carries for the first time, the
/// alerts with their composed messages and ids, and grouped messages.
/// </summary>
public sealed record PollPlan
{
    public required FeedId Feed { get; init; }

    public IReadOnlyList<NewRevision> Revisions { get; init; } = [];

    public IReadOnlyList<ItemKey> NewlyCarried { get; init; } = [];

    /// <summary>In item order, then channel order: the order a channel's alerts are sent in.</summary>
    public IReadOnlyList<PlannedAlert> Alerts { get; init; } = [];

    public IReadOnlyList<PlannedDigest> Digests { get; init; } = [];

    /// <summary>Threads started by alerts of this plan (their parents).</summary>
    public IReadOnlyList<PlannedThread> Threads { get; init; } = [];

    /// <summary>Items joining threads: each item once per channel, recorded so restarts keep the join.</summary>
    public IReadOnlyList<PlannedThreadItem> ThreadItems { get; init; } = [];

    /// <summary>Threads whose subject or stage changed: their parent messages are edited.</summary>
    public IReadOnlyList<PlannedThreadUpdate> ThreadUpdates { get; init; } = [];

    /// <summary>The FR documents the revised items cite.</summary>
    public IReadOnlyList<ItemCitation> Citations { get; init; } = [];

    /// <summary>Items left out of the plan because planning them failed.</summary>
    public IReadOnlyList<ItemFailure> Failures { get; init; } = [];

    /// <summary>Rules whose regular expression timed out on an item, counted as not matched.</summary>
    public IReadOnlyList<RuleTimeout> RuleTimeouts { get; init; } = [];

    /// <summary>Revisions that are new items (or corrections, which are documents of their own).</summary>
    public int NewItems { get; init; }

    /// <summary>Revisions of items already stored.</summary>
    public int ChangedItems { get; init; }

    /// <summary>Items first seen now but dated before the alert window: stored, alerting no one.</summary>
    public int BeforeAlertWindow { get; init; }

    public PlanStatistics Statistics { get; init; } = new(0, 0, 0);

    public bool IsEmpty => Revisions.Count == 0 && NewlyCarried.Count == 0 && Alerts.Count == 0 && Digests.Count == 0 && ThreadUpdates.Count == 0;
}
