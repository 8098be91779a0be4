using PolicyWatchBot.Core.Feeds;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// Builds each feed's job and triggers. Every feed gets a stable jitter derived from its id, so
/// feeds on the same schedule do not all fire in the same second.
/// </summary>
internal static class FeedTriggers
{
    private const int MaxStartJitterSeconds = 30;

    public static IJobDetail Job(FeedDefinition feed) =>
        JobBuilder.Create<PollFeedJob>()
            .WithIdentity(feed.Id.Value, PollFeedJob.Group)
            .UsingJobData(PollFeedJob.FeedIdKey, feed.Id.Value)
            .StoreDurably()
            // An instance that dies mid-poll leaves the poll to another (clustered store): polls are idempotent.
            .RequestRecovery()
            .Build();

    /// <summary>The key of a feed's schedule trigger.</summary>
    public static TriggerKey ScheduleKey(FeedId feed) => new(feed.Value, PollFeedJob.Group);

    /// <summary>
    /// Whether a stored schedule trigger fires as the one the feed file asks for now does (same
    /// cron and time zone, or same interval; same misfire handling), so it can be kept with its next
    /// fire time instead of being replaced.
    /// </summary>
    public static bool SameSchedule(ITrigger stored, ITrigger wanted) =>
        stored.MisfireInstructionCode == wanted.MisfireInstructionCode && (stored, wanted) switch
        {
            (ICronTrigger a, ICronTrigger b) => a.CronExpressionString == b.CronExpressionString && a.TimeZone.Id == b.TimeZone.Id,
            (ISimpleTrigger a, ISimpleTrigger b) => a.RepeatInterval == b.RepeatInterval && a.RepeatCount == b.RepeatCount,
            _ => false,
        };

    public static ITrigger Schedule(FeedDefinition feed, DateTimeOffset now, TimeProvider time)
    {
        var builder = TriggerBuilder.Create(time)
            .WithIdentity(ScheduleKey(feed.Id))
            .ForJob(feed.Id.Value, PollFeedJob.Group);
        var jitter = JitterSeconds(feed.Id);
        if (feed.Schedule.Cron is { } cron)
        {
            return builder
                .StartAt(now)
                .WithCronSchedule(SpreadSeconds(cron, jitter), c => c
                    .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(feed.Schedule.TimeZone))
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
        }

        return builder
            .StartAt(now + feed.Schedule.Interval!.Value + TimeSpan.FromSeconds(jitter % MaxStartJitterSeconds))
            .WithSimpleSchedule(s => s
                .WithInterval(feed.Schedule.Interval!.Value)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
    }

    /// <summary>A one-off poll shortly after start, so a fresh bot shows alerts at once.</summary>
    public static ITrigger OnStart(FeedDefinition feed, DateTimeOffset now, TimeProvider time) =>
        TriggerBuilder.Create(time)
            .WithIdentity(feed.Id.Value + "-start", PollFeedJob.Group)
            .ForJob(feed.Id.Value, PollFeedJob.Group)
            .StartAt(now + TimeSpan.FromSeconds(1 + (JitterSeconds(feed.Id) % MaxStartJitterSeconds)))
            .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

    /// <summary>The key of a feed's one-off retry trigger: at most one per feed, replaced when the backoff moves.</summary>
    public static TriggerKey RetryKey(FeedId feed) => new(feed.Value + "-retry", PollFeedJob.Group);

    /// <summary>
    /// A one-off poll when a failing feed's backoff ends, so "next attempt after HH:MM" holds even
    /// when the feed's next scheduled slot is hours away. Rounded up to the second: the poll must
    /// not run before the backoff it checks has ended.
    /// </summary>
    public static ITrigger Retry(FeedId feed, DateTimeOffset retryAt, TimeProvider time)
    {
        var second = TimeSpan.TicksPerSecond;
        var at = new DateTimeOffset((retryAt.UtcTicks + second - 1) / second * second, TimeSpan.Zero);
        return TriggerBuilder.Create(time)
            .WithIdentity(RetryKey(feed))
            .ForJob(feed.Value, PollFeedJob.Group)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
    }

    // FNV-1a: stable across processes and machines, unlike string.GetHashCode.
    public static int JitterSeconds(FeedId feed)
    {
        var hash = 2166136261u;
        foreach (var c in feed.Value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 60);
    }

    // A cron whose seconds field is a plain 0 fires at :00 like every other; move it to the
    // feed's own second instead. Any other seconds field was chosen on purpose and is kept.
    internal static string SpreadSeconds(string cron, int second)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length >= 6 && fields[0] == "0")
        {
            fields[0] = second.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(' ', fields);
    }
}
