using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// The store's side of one poll, under a write lock held from <see cref="IStore.BeginPollAsync"/> to
/// <see cref="WriteAsync"/> or disposal, so no other poll plans against the same state: read what the
/// planner needs, then write its plan in one transaction. Disposing without writing writes nothing.
/// This is the whole write side of polling: another store implements exactly this.
/// </summary>
public interface IPollSession : IAsyncDisposable
{
    /// <summary>
    /// The latest stored revision of each of these items (with whether this feed carries it), the
    /// channels' active mutes, and the next alert and grouped-message numbers.
    /// </summary>
    Task<PollState> LoadAsync(FeedId feed, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>Per channel and item, the first alert's id and the latest revision alerted, for these items.</summary>
    Task<AlertHistory> LoadAlertHistoryAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The threads, in every channel, that these items are in, and the threads of the items citing
    /// any of them (a press release posted before the FR document it cites).
    /// </summary>
    Task<ThreadBook> LoadThreadsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the plan and commits: revisions (the first creates the item), which items the feed now
    /// carries, the alerts under their planned ids (with the names of the rules that matched, for hit
    /// counts), and grouped messages, whose alerts become grouped under them; threads started, items joining them,
    /// their new subjects and stages (each changed stage asks for the parent's message to be edited), and citations.
    /// </summary>
    Task WriteAsync(PollPlan plan, CancellationToken cancellationToken);
}
