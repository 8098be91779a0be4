using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Storage;

/// <summary>The store's part about feeds themselves: each feed's polling state and its history backfill.</summary>
public interface IFeedStateStore
{
    Task<FeedState> GetFeedStateAsync(FeedId feed, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeedState>> GetFeedStatesAsync(CancellationToken cancellationToken);

    Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken);

    /// <summary>The history backfill of the feed (<see cref="FeedBackfill"/>), or null when it never had one.</summary>
    Task<FeedBackfill?> GetBackfillAsync(FeedId feed, CancellationToken cancellationToken);

    /// <summary>Every feed's history backfill, by feed id.</summary>
    Task<IReadOnlyList<FeedBackfill>> GetBackfillsAsync(CancellationToken cancellationToken);

    /// <summary>Records a backfill planned or its progress (one per feed: a new one replaces the old).</summary>
    Task SaveBackfillAsync(FeedBackfill backfill, CancellationToken cancellationToken);
}
