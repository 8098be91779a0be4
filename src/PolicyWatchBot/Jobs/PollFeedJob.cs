using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// The Quartz job of one feed (one JobDetail per feed, so a slow feed never overlaps itself and
/// never blocks the others). It only looks the feed up and hands it to the poller.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PollFeedJob(FeedCatalog catalog, IFeedPoller poller) : IJob
{
    public const string Group = "feeds";
    public const string FeedIdKey = "feedId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var feedId = context.MergedJobDataMap.GetString(FeedIdKey);
        var feed = feedId is null ? null : catalog.Find(feedId);
        if (feed is null)
        {
            // The catalogue no longer has it: nothing to poll. The scheduler reconciles on start.
            return;
        }

        await poller.PollAsync(feed, ignoreBackoff: false, cancellationToken);
    }
}
