using PolicyWatchBot.Delivery;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// The Quartz job of timed posts: fires when the next digest or reminder is due, queues what is due
/// (once, whatever fires it), and sets its trigger for the next time. One JobDetail, so two firings
/// never overlap.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class TimedPostsJob(TimedPosts posts, TimedPostsScheduler scheduler) : IJob
{
    public const string Group = "timed-posts";
    public static readonly JobKey Key = new("timed-posts", Group);
    public static readonly TriggerKey TriggerKey = new("next", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await posts.ReleaseDueAsync(cancellationToken);
        await scheduler.RescheduleAsync(cancellationToken);
    }
}
