using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Jobs;
using Quartz;
using Quartz.Extensibility;

namespace PolicyWatchBot.Tests.Jobs;

public sealed class FeedTriggersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    private static FeedDefinition CronFeed(string cron, string id = "fr-bis", string timeZone = "America/New_York") => new()
    {
        Id = new FeedId(id),
        Title = "Test feed " + id,
        Kind = FeedKind.FederalRegister,
        Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
        Schedule = new FeedSchedule { Cron = cron, TimeZone = timeZone },
        Jurisdiction = "us",
    };

    private static FeedDefinition IntervalFeed(TimeSpan interval, string id = "uk-ecju") => new()
    {
        Id = new FeedId(id),
        Title = "Test feed " + id,
        Kind = FeedKind.Syndication,
        Url = new Uri("https://www.gov.uk/search/all.atom"),
        Schedule = new FeedSchedule { Interval = interval },
        Jurisdiction = "uk",
    };

    private ICronTrigger CronTrigger(FeedDefinition feed) => Assert.IsAssignableFrom<ICronTrigger>(FeedTriggers.Schedule(feed, Now, _clock));

    private static ISimpleTrigger SimpleTrigger(ITrigger trigger) => Assert.IsAssignableFrom<ISimpleTrigger>(trigger);

    [Fact]
    public void Schedule_CronFeed_UsesTheFeedTimeZone()
    {
        var trigger = CronTrigger(CronFeed("0 0 7 ? * MON-FRI"));

        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), trigger.TimeZone);
    }

    [Fact]
    public void Schedule_CronFeed_MisfireFiresOnceAndProceeds()
    {
        var trigger = CronTrigger(CronFeed("0 0 7 ? * MON-FRI"));

        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
    }

    [Fact]
    public void Schedule_CronFeed_IsKeyedByFeedInFeedsGroup()
    {
        var trigger = CronTrigger(CronFeed("0 0 7 ? * MON-FRI"));

        Assert.Equal(new TriggerKey("fr-bis", PollFeedJob.Group), trigger.Key);
        Assert.Equal(new JobKey("fr-bis", PollFeedJob.Group), trigger.JobKey);
    }

    [Fact]
    public void Schedule_CronWithZeroSeconds_UsesTheFeedJitterSecond()
    {
        var feed = CronFeed("0 0 7 ? * MON-FRI");

        var trigger = CronTrigger(feed);

        Assert.Equal($"{FeedTriggers.JitterSeconds(feed.Id)} 0 7 ? * MON-FRI", trigger.CronExpressionString);
    }

    [Theory]
    [InlineData("15 0 7 ? * MON-FRI")]
    [InlineData("0/30 * * * * ?")]
    [InlineData("*/10 0 7 ? * MON-FRI")]
    public void Schedule_CronWithChosenSeconds_KeepsThem(string cron)
    {
        Assert.Equal(cron, CronTrigger(CronFeed(cron)).CronExpressionString);
    }

    [Fact]
    public void JitterSeconds_SameId_SameSecond()
    {
        Assert.Equal(FeedTriggers.JitterSeconds(new FeedId("fr-bis")), FeedTriggers.JitterSeconds(new FeedId("fr-bis")));
    }

    [Fact]
    public void JitterSeconds_SeveralIds_AreWithinAMinute()
    {
        string[] ids = ["fr-bis", "fr-ofac", "fr-public-inspection", "uk-ecju", "arxiv-distillation", "eu-dual-use"];

        Assert.All(ids, id => Assert.InRange(FeedTriggers.JitterSeconds(new FeedId(id)), 0, 59));
    }

    [Fact]
    public void JitterSeconds_SeveralIds_DoNotAllShareOneSecond()
    {
        string[] ids = ["fr-bis", "fr-ofac", "fr-public-inspection", "uk-ecju", "arxiv-distillation", "eu-dual-use"];

        Assert.True(ids.Select(id => FeedTriggers.JitterSeconds(new FeedId(id))).Distinct().Count() > 1);
    }

    [Fact]
    public void Schedule_WeekdayCronInNewYork_FiresAtSevenLocalAcrossTheDstChange()
    {
        // 2026-03-08 is the US change to daylight time: 07:00 is 12:00 UTC before it and 11:00 UTC after.
        var feed = CronFeed("0 0 7 ? * MON-FRI");
        var second = TimeSpan.FromSeconds(FeedTriggers.JitterSeconds(feed.Id));

        var fireTimes = TriggerFireTimes.Compute(FeedTriggers.Schedule(feed, Now, _clock), null, 4);

        Assert.Equal(
            new[]
            {
                new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero) + second,
                new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero) + second,
                new DateTimeOffset(2026, 3, 9, 11, 0, 0, TimeSpan.Zero) + second,
                new DateTimeOffset(2026, 3, 10, 11, 0, 0, TimeSpan.Zero) + second,
            },
            fireTimes);
    }

    [Fact]
    public void Schedule_WeekdayCronInNewYork_FiresAtSevenLocalAfterTheAutumnChange()
    {
        // 2026-11-01 ends daylight time: Friday 07:00 EDT is 11:00 UTC, Monday 07:00 EST is 12:00 UTC.
        var feed = CronFeed("0 0 7 ? * MON-FRI");
        var second = TimeSpan.FromSeconds(FeedTriggers.JitterSeconds(feed.Id));
        var start = new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero);

        var fireTimes = TriggerFireTimes.Compute(FeedTriggers.Schedule(feed, start, _clock), null, 2);

        Assert.Equal(
            new[]
            {
                new DateTimeOffset(2026, 10, 30, 11, 0, 0, TimeSpan.Zero) + second,
                new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero) + second,
            },
            fireTimes);
    }

    [Fact]
    public void Schedule_IntervalFeed_RepeatsForeverWithTheInterval()
    {
        var trigger = SimpleTrigger(FeedTriggers.Schedule(IntervalFeed(TimeSpan.FromMinutes(30)), Now, _clock));

        Assert.Equal(-1, trigger.RepeatCount);
        Assert.Equal(TimeSpan.FromMinutes(30), trigger.RepeatInterval);
    }

    [Fact]
    public void Schedule_IntervalFeed_MisfireFiresNowWithExistingCount()
    {
        var trigger = SimpleTrigger(FeedTriggers.Schedule(IntervalFeed(TimeSpan.FromMinutes(30)), Now, _clock));

        Assert.Equal(SimpleTriggerMisfireInstruction.NowWithExistingCount, trigger.MisfireInstruction);
    }

    [Fact]
    public void Schedule_IntervalFeed_FirstFiresOneIntervalPlusJitterFromNow()
    {
        var feed = IntervalFeed(TimeSpan.FromMinutes(30));

        var fireTimes = TriggerFireTimes.Compute(FeedTriggers.Schedule(feed, Now, _clock), null, 3);

        var first = Now + TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(FeedTriggers.JitterSeconds(feed.Id) % 30);
        Assert.Equal(new[] { first, first.AddMinutes(30), first.AddMinutes(60) }, fireTimes);
    }

    [Fact]
    public void OnStart_AnyFeed_FiresOnceWithin31Seconds()
    {
        var fireTimes = TriggerFireTimes.Compute(FeedTriggers.OnStart(CronFeed("0 0 7 ? * MON-FRI"), Now, _clock), null, 5);

        var only = Assert.Single(fireTimes);
        Assert.InRange(only, Now, Now + TimeSpan.FromSeconds(31));
    }

    [Fact]
    public void OnStart_AnyFeed_TargetsTheFeedJobUnderItsOwnKey()
    {
        var trigger = FeedTriggers.OnStart(CronFeed("0 0 7 ? * MON-FRI"), Now, _clock);

        Assert.Equal(new JobKey("fr-bis", PollFeedJob.Group), trigger.JobKey);
        Assert.NotEqual(FeedTriggers.Schedule(CronFeed("0 0 7 ? * MON-FRI"), Now, _clock).Key, trigger.Key);
    }

    [Fact]
    public void Job_AnyFeed_CarriesTheFeedIdAndIsDurable()
    {
        var job = FeedTriggers.Job(CronFeed("0 0 7 ? * MON-FRI"));

        Assert.Equal(new JobKey("fr-bis", PollFeedJob.Group), job.Key);
        Assert.Equal("fr-bis", job.JobDataMap.GetString(PollFeedJob.FeedIdKey));
        Assert.True(job.Durable);
        Assert.True(job.ConcurrentExecutionDisallowed);
    }
}
