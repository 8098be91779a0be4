namespace PolicyWatchBot.Core.Storage;

/// <summary>How many alerts the outbox holds in each state, and how many digests wait to be sent.</summary>
public sealed record OutboxCounts(long Pending, long Sent, long Failed, long Parked, long Muted, long Grouped = 0, long PendingDigests = 0, long HeldForDigest = 0)
{
    /// <summary>Posts waiting to go out: pending alerts and pending digests.</summary>
    public long Backlog => Pending + PendingDigests;
}
