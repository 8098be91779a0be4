using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Feed health notices: a feed's trouble and its recovery, told once to the channels that rely on it.</summary>
public interface IFeedNoticeStore
{
    /// <summary>The feed's trouble its channels were told of and not yet told is over, or null.</summary>
    Task<FeedOutage?> GetOpenOutageAsync(FeedId feed, CancellationToken cancellationToken);

    /// <summary>Every feed's open outage (at most one a feed), for <c>/healthz</c>.</summary>
    Task<IReadOnlyList<FeedOutage>> GetOpenOutagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that the feed is in trouble (<see cref="FeedHealthNotice.Change"/> Failing or Empty)
    /// and queues the notice to each of these channels, in one transaction and once: false, and
    /// nothing written, when an outage of the feed is open already.
    /// </summary>
    Task<bool> OpenOutageAsync(FeedId feed, FeedHealthNotice notice, IReadOnlyCollection<long> channelIds, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the feed's open outage and queues the recovery notice to every channel told of it and to
    /// each of <paramref name="subscriberIds"/> (those who subscribed during it were told by the
    /// subscribe reply), in one transaction and once; returns how many notices were queued, or null
    /// when no outage was open.
    /// </summary>
    Task<int?> CloseOutageAsync(FeedId feed, FeedHealthNotice notice, IReadOnlyCollection<long> subscriberIds, CancellationToken cancellationToken);
}
