using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// The Quartz job of one feed (one JobDetail per feed, so a slow feed never overlaps itself and
/// never blocks the others). It looks the feed up, hands it to the poller, and keeps the feed's
/// one-off retry trigger at the end of its backoff (or removes it once the feed is well). The poll
/// ends when the host stops (Ctrl-C, SIGTERM): Quartz waits for running jobs at shutdown, and a
/// fetch a server never answers would otherwise hold the stop up for the whole fetch timeout.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PollFeedJob(FeedCatalog catalog, IFeedPoller poller, IHostApplicationLifetime lifetime, TimeProvider time) : IJob
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

        PollReport report;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            report = await poller.PollAsync(feed, ignoreBackoff: false, stopping.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopping: the poll is abandoned unrecorded and runs again after the next start.
            return;
        }

        var retryKey = FeedTriggers.RetryKey(feed.Id);
        if (report.RetryAt is { } retryAt)
        {
            // Replacing from inside the retry's own firing is safe: Quartz deletes a finished
            // one-off only when the stored trigger has no next fire time.
            await context.Scheduler.ScheduleJob(FeedTriggers.Retry(feed.Id, retryAt, time), ScheduleJobOptions.Replacing, cancellationToken);
        }
        else
        {
            await context.Scheduler.UnscheduleJob(retryKey, cancellationToken);
        }
    }
}
