using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Reminders;

namespace PolicyWatchBot.Tests.Core.Reminders;

/// <summary>Reminder plans as commands spell them, and when reminders fall due in the source's calendar.</summary>
public sealed class ReminderPlanningTests
{
    private const string NewYork = "America/New_York";

    [Theory]
    [InlineData("remind comments 14d,3d", "comments", "14d,3d")]
    [InlineData("remind comments 3d, 14d --unacked", "comments", "14d,3d --unacked")]
    [InlineData("remind effective 0d", "effective", "0d")]
    [InlineData("remind effective off", "effective", "off")]
    public void Parse_Remind_ReadsTheDeadlineAndPlan(string text, string deadline, string plan)
    {
        var command = Assert.IsType<ChatCommand.Remind>(CommandParser.Parse(text).Command);

        Assert.Equal(deadline, command.Deadline!.Value.Word());
        Assert.Equal(plan, command.Plan.ToString());
        Assert.Equal(command.Plan, RemindPlan.Parse(plan));
    }

    [Fact]
    public void Parse_RemindOff_SwitchesBothOff()
    {
        var command = Assert.IsType<ChatCommand.Remind>(CommandParser.Parse("remind off").Command);

        Assert.Null(command.Deadline);
        Assert.True(command.Plan.IsOff);
    }

    [Theory]
    [InlineData("remind", "needs comments, effective or off")]
    [InlineData("remind soon 3d", "'soon' is not comments, effective or off")]
    [InlineData("remind comments", "needs the days before the date")]
    [InlineData("remind comments 91d", "'91d' is not a number of days")]
    [InlineData("remind comments 3", "'3' is not a number of days")]
    [InlineData("remind comments 1d,2d,3d,4d,5d,6d", "at most 5 reminders")]
    [InlineData("remind comments off 3d", "takes nothing more")]
    [InlineData("remind off now", "takes nothing more")]
    public void Parse_RemindBad_RefusedWithTheUsage(string text, string error)
    {
        var result = CommandParser.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("remind comments|effective DAYS", result.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void DueAt_NineInTheMorningInNewYork_AcrossTheDaylightSavingChange()
    {
        Assert.Equal(new DateTimeOffset(2024, 3, 9, 14, 0, 0, TimeSpan.Zero), ReminderTimes.DueAt(new DateOnly(2024, 3, 11), 2, NewYork));
        Assert.Equal(new DateTimeOffset(2024, 3, 10, 13, 0, 0, TimeSpan.Zero), ReminderTimes.DueAt(new DateOnly(2024, 3, 11), 1, NewYork));
    }

    [Fact]
    public void Coming_DaysAlreadyGoneInTheSourcesZone_LeftOut()
    {
        // 02:00 UTC on 5 March is still 4 March in New York: the 7-day reminder of 11 March is still to come (at once).
        var now = new DateTimeOffset(2024, 3, 5, 2, 0, 0, TimeSpan.Zero);

        var coming = ReminderTimes.Coming(new DateOnly(2024, 3, 11), new RemindPlan([14, 7, 1], false), NewYork, now);

        Assert.Equal([7, 1], coming.Select(c => c.DaysBefore));
        Assert.True(coming[0].DueAt < now);
    }

    [Theory]
    [InlineData("2024-03-04", "Reminder: comments close 2024-03-11 (in 7 days)")]
    [InlineData("2024-03-10", "Reminder: comments close 2024-03-11 (tomorrow)")]
    [InlineData("2024-03-11", "Reminder: comments close 2024-03-11 (today)")]
    public void Headline_CountsCalendarDaysInTheSourcesZone(string today, string expected)
    {
        var reminder = new ReminderMessage
        {
            ReminderId = AlertId.ForReminder(1), AlertId = "PW-0001", ItemKey = "fr:2024-00190", FeedId = "fr-bis", Title = "t",
            Deadline = Deadline.CommentsClose, DeadlineOn = new DateOnly(2024, 3, 11), DaysBefore = 7,
        };

        Assert.Equal(expected, (reminder with { AsOf = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture) }).Headline());
        Assert.StartsWith("PWR-", reminder.ReminderId, StringComparison.Ordinal);
    }
}
