using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Digests;

namespace PolicyWatchBot.Tests.Core.Digests;

public sealed class DigestScheduleTests
{
    private static readonly DigestSchedule Daily = new(DigestCadence.Daily, new TimeOnly(17, 0), "America/New_York");

    [Fact]
    public void Next_BeforeTodaysTime_TodayAtThatWallClockTime()
    {
        // 2024-03-08 is a Friday; New York is UTC-5 then.
        Assert.Equal(new DateTimeOffset(2024, 3, 8, 22, 0, 0, TimeSpan.Zero), Daily.Next(new DateTimeOffset(2024, 3, 8, 15, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_AtOrAfterTodaysTime_Tomorrow()
    {
        var at = new DateTimeOffset(2024, 3, 8, 22, 0, 0, TimeSpan.Zero);

        Assert.Equal(at.AddDays(1), Daily.Next(at));
    }

    [Fact]
    public void Next_AcrossTheSpringChange_StaysAtFivePmLocal()
    {
        // New York moves to UTC-4 on 2024-03-10.
        Assert.Equal(new DateTimeOffset(2024, 3, 10, 21, 0, 0, TimeSpan.Zero), Daily.Next(new DateTimeOffset(2024, 3, 9, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_Weekdays_SkipsTheWeekend()
    {
        var weekdays = Daily with { Cadence = DigestCadence.Weekdays, At = new TimeOnly(8, 30) };

        // Friday 2024-03-08 09:00 New York: the next weekday digest is Monday 2024-03-11 08:30 (UTC-4).
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 12, 30, 0, TimeSpan.Zero), weekdays.Next(new DateTimeOffset(2024, 3, 8, 14, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_Weekly_ThatDayOfTheWeekInItsZone()
    {
        var weekly = new DigestSchedule(DigestCadence.Weekly, new TimeOnly(9, 0), "Europe/London", DayOfWeek.Monday);

        Assert.Equal(new DateTimeOffset(2024, 3, 11, 9, 0, 0, TimeSpan.Zero), weekly.Next(new DateTimeOffset(2024, 3, 5, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("digest daily 17:00", "daily 17:00 America/New_York")]
    [InlineData("digest weekdays 8:30 Europe/London", "weekdays 08:30 Europe/London")]
    [InlineData("digest weekly mon 09:00 Asia/Tokyo", "weekly mon 09:00 Asia/Tokyo")]
    [InlineData("digest weekly Monday 09:00", "weekly mon 09:00 America/New_York")]
    public void Parse_Digest_TheScheduleAsItIsStored(string text, string stored)
    {
        var command = Assert.IsType<ChatCommand.Digest>(CommandParser.Parse(text).Command);

        Assert.Equal(stored, command.Schedule!.ToString());
        Assert.Equal(command.Schedule, Assert.IsType<ChatCommand.Digest>(CommandParser.Parse("digest " + stored).Command).Schedule);
    }

    [Fact]
    public void Parse_DigestOff_NoSchedule()
    {
        Assert.Equal(new ChatCommand.Digest(null), CommandParser.Parse("digest off").Command);
    }

    [Theory]
    [InlineData("digest", "'digest' needs daily, weekdays, weekly or off")]
    [InlineData("digest hourly 17:00", "'hourly' is not daily, weekdays, weekly or off")]
    [InlineData("digest daily", "'digest daily' needs a time")]
    [InlineData("digest daily 5pm", "'5pm' is not a time")]
    [InlineData("digest daily 25:00", "'25:00' is not a time")]
    [InlineData("digest daily 17:00 Eastern", "'Eastern' is not an IANA time zone")]
    [InlineData("digest daily 17:00 Mars/Olympus", "'Mars/Olympus' is not an IANA time zone")]
    [InlineData("digest weekly 09:00", "'09:00' is not a day")]
    [InlineData("digest off now", "'digest off' takes nothing more")]
    public void Parse_BadDigest_OneLineWithItsUsage(string text, string error)
    {
        var result = CommandParser.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("digest daily|weekdays", result.Usage, StringComparison.Ordinal);
    }
}
