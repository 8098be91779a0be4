using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Search;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Items: what polls found, read back for diffs, backtests and history.</summary>
public interface IItemStore
{
    Task<IReadOnlySet<ItemKey>> FilterKnownAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>The latest stored revision of each of these items the store has, through any feed (without its full text).</summary>
    Task<IReadOnlyDictionary<ItemKey, FeedItem>> GetLatestItemsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>The full text stored with the item's latest revision that has one (item_bodies), with whether it was cut at the cap.</summary>
    Task<(string Body, bool Truncated)?> GetLatestBodyAsync(ItemKey item, CancellationToken cancellationToken);

    /// <summary>Starts a poll's read-plan-write under the store's write lock (see <see cref="IPollSession"/>).</summary>
    Task<IPollSession> BeginPollAsync(CancellationToken cancellationToken);

    Task<int> CountRevisionsAsync(ItemKey item, CancellationToken cancellationToken);

    /// <summary>
    /// The latest revision of every item carried by one of these feeds and dated on or after
    /// <paramref name="since"/> (publication date, else the day first seen), one row at a time in no
    /// particular order: nothing is sorted or held, so a million items cost what one does.
    /// </summary>
    /// <param name="withBodies">Also read each item's stored full text (<see cref="Items.FeedItem.Body"/>, its newest), for an expression that searches <c>body:</c>.</param>
    IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken, bool withBodies = false);

    /// <summary>
    /// As <see cref="StreamItemsSinceAsync(IReadOnlyCollection{FeedId}, DateOnly, CancellationToken, bool)"/>, only
    /// the items that may meet <paramref name="candidates"/> (found in the store's term index; at least
    /// every item that meets it); null: every item.
    /// </summary>
    IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery? candidates, CancellationToken cancellationToken, bool withBodies = false);

    /// <summary>How many items the stream with <paramref name="candidates"/> yields (for progress).</summary>
    Task<int> CountItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery candidates, CancellationToken cancellationToken);

    /// <summary>How many items <see cref="StreamItemsSinceAsync(IReadOnlyCollection{FeedId}, DateOnly, CancellationToken, bool)"/> yields (for progress), and how far back these feeds' stored items go.</summary>
    Task<StoredHistory> DescribeHistoryAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken);
}
