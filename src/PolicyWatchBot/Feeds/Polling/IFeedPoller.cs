using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>Polls one feed end to end. The Quartz job and the <c>poll --once</c> verb both call it.</summary>
public interface IFeedPoller
{
    Task<PollReport> PollAsync(FeedDefinition feed, bool ignoreBackoff, CancellationToken cancellationToken);
}
