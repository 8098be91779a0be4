using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// Reconciles the scheduler with the catalogue at start: one job and schedule trigger per feed, a
/// one-off start poll, a one-off retry for a feed still backing off from before the restart, and
/// no job left for a feed the catalogue lost. A feed whose secret is not configured is not
/// scheduled. A stored schedule trigger that still fires as the feed file says is kept (on the
/// clustered store, a restart of one instance must not move the next poll of the others); one
/// whose schedule changed is replaced.
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

        // Reconcile, don't just register: a feed removed from the catalogue (or without its secret) must stop polling.
        var scheduled = catalog.Feeds.Where(f => secrets.Needs(f) is null).Select(f => f.Id.Value).ToHashSet(StringComparer.Ordinal);
        var stale = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PollFeedJob.Group), cancellationToken))
            .Where(k => !scheduled.Contains(k.Name))
            .ToList();
        if (stale.Count > 0)
        {
            await scheduler.DeleteJobs(stale, cancellationToken);
        }

        foreach (var feed in catalog.Feeds)
        {
            if (secrets.Needs(feed) is { } needs)
            {
                LogNotScheduled(feed.Id.Value, needs);
                continue;
            }

            var job = FeedTriggers.Job(feed);
            var schedule = FeedTriggers.Schedule(feed, now, time);
            var triggers = new List<ITrigger>();
            if (options.Value.PollOnStart)
            {
                triggers.Add(FeedTriggers.OnStart(feed, now, time));
            }

            if (backingOff.TryGetValue(feed.Id, out var retryAt))
            {
                triggers.Add(FeedTriggers.Retry(feed.Id, retryAt, time));
            }

            var stored = await scheduler.GetTrigger(schedule.Key, cancellationToken);
            if (stored is not null && FeedTriggers.SameSchedule(stored, schedule))
            {
                // The job detail is rewritten (its flags may have changed); its triggers stay as stored.
                await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
                foreach (var trigger in triggers)
                {
                    await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
                }

                LogKept(feed.Id.Value, feed.Schedule.ToString(), stored.NextFireTimeUtc);
                continue;
            }

            triggers.Insert(0, schedule);
            await scheduler.ScheduleJob(job, triggers, ScheduleJobOptions.Replacing, cancellationToken);
            LogScheduled(feed.Id.Value, feed.Schedule.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1010, LogLevel.Information, "Scheduled feed {FeedId}: {Schedule}")]
    private partial void LogScheduled(string feedId, string schedule);

    [LoggerMessage(1013, LogLevel.Information, "Kept the stored schedule of feed {FeedId}: {Schedule}, next poll at {NextPoll}")]
    private partial void LogKept(string feedId, string schedule, DateTimeOffset? nextPoll);

    [LoggerMessage(1011, LogLevel.Warning, "Feed {FeedId} is not polled: it {Needs}")]
    private partial void LogNotScheduled(string feedId, string needs);
}
