using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// One poll's writes, in one database transaction: the diff result (revisions), which feed carries
/// which item, and the outbox alerts. Nothing is visible to others until <see cref="CommitAsync"/>.
/// </summary>
public interface IPollTransaction : IAsyncDisposable
{
    Task<IReadOnlyDictionary<ItemKey, StoredItem>> GetLatestAsync(FeedId feed, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    Task AddRevisionAsync(NewRevision revision, FeedId feed, CancellationToken cancellationToken);

    Task MarkCarriedAsync(ItemKey item, FeedId feed, CancellationToken cancellationToken);

    /// <summary>The channel's first alert id for this item, for "see PW-xxxx" back-links.</summary>
    Task<string?> GetFirstAlertIdAsync(long channelId, ItemKey item, CancellationToken cancellationToken);

    /// <summary>Adds the alert unless one exists for (channel, item, revision); returns its public id, or null when it existed.</summary>
    Task<string?> EnqueueAlertAsync(PendingAlert alert, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a digest posting these alerts as one message (flood control); its alerts, queued in
    /// this transaction, become grouped and are delivered through it. Returns the digest's id.
    /// </summary>
    Task<string> AddDigestAsync(long channelId, AlertDigest digest, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
