using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// Reconciles the scheduler with the catalogue at start: one job and trigger per feed (replacing
/// what was there), a one-off start poll, a one-off retry for a feed still backing off from
/// before the restart, and no job left for a feed the catalogue lost. A feed whose secret is not
/// configured is not scheduled.
/// </summary>
internal sealed partial class FeedScheduler(
    ISchedulerFactory schedulers,
    FeedCatalog catalog,
    IStore store,
    FeedSecrets secrets,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var now = time.GetUtcNow();
        var backingOff = (await store.GetFeedStatesAsync(cancellationToken))
            .Where(s => s.RetryAfter > now)
            .ToDictionary(s => s.Feed, s => s.RetryAfter!.Value);

        // Reconcile, don't just register: a feed removed from the catalogue must stop polling.
        await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(PollFeedJob.Group), cancellationToken);
        foreach (var feed in catalog.Feeds)
        {
            if (secrets.Needs(feed) is { } needs)
            {
                LogNotScheduled(feed.Id.Value, needs);
                continue;
            }

            var triggers = new List<ITrigger> { FeedTriggers.Schedule(feed, now, time) };
            if (options.Value.PollOnStart)
            {
                triggers.Add(FeedTriggers.OnStart(feed, now, time));
            }

            if (backingOff.TryGetValue(feed.Id, out var retryAt))
            {
                triggers.Add(FeedTriggers.Retry(feed.Id, retryAt, time));
            }

            await scheduler.ScheduleJob(FeedTriggers.Job(feed), triggers, ScheduleJobOptions.Replacing, cancellationToken);
            LogScheduled(feed.Id.Value, feed.Schedule.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1010, LogLevel.Information, "Scheduled feed {FeedId}: {Schedule}")]
    private partial void LogScheduled(string feedId, string schedule);

    [LoggerMessage(1011, LogLevel.Warning, "Feed {FeedId} is not polled: it {Needs}")]
    private partial void LogNotScheduled(string feedId, string needs);
}
