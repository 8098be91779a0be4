using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>
/// Deadline reminders through the real services on a fake clock: planned when an alert with a
/// comment-close or effective date is stored, posted in the action's thread at 09:00 New York on
/// the calendar days before, once across a restart; moved with a changed date; re-planned by
/// <c>remind</c>; skipped for acknowledged actions only with <c>--unacked</c>.
/// </summary>
public sealed class ReminderTests : ConversationTest
{
    /// <summary>07:00 in New York (EST) on 4 March 2024, seven calendar days before comments close on 11 March.</summary>
    private static readonly DateTimeOffset SevenDaysBefore = new(2024, 3, 4, 12, 0, 0, TimeSpan.Zero);

    /// <summary>09:00 EST on 4 March.</summary>
    private static readonly DateTimeOffset NineNewYork = new(2024, 3, 4, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CommentsCloseSevenDaysAhead_ReminderInTheThreadAtNineNewYork_OnceAcrossARestart()
    {
        Server.Serve("/fr/bis.json", DeadlineBodies.Published("2024-03-11", effective: "2024-04-01"), Json);
        Clock.SetUtcNow(SevenDaysBefore);
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");
        await DeliverAsync();
        var alertId = Headers(Host.Console.ToString()).Single().Split(' ')[1];
        var coming = (await SayAsync("reminders")).ToString();

        Clock.SetUtcNow(NineNewYork.AddMinutes(-1));
        await DeliverAsync();
        var early = Host.Console.ToString();
        await RestartAsync();
        Clock.SetUtcNow(NineNewYork);
        await DeliverAsync();
        await DeliverAsync();
        var output = Host.Console.ToString();
        var status = (await SayAsync("status")).ToString();

        Assert.Contains("Reminders here: comments close 7 days and 1 day before; takes effect 1 day before.", coming, StringComparison.Ordinal);
        Assert.Contains("3 reminders coming:", coming, StringComparison.Ordinal);
        Assert.Contains("2024-03-04 14:00 UTC: comments close 2024-03-11 (7 days before)", coming, StringComparison.Ordinal);
        // 10 March is the first day of daylight saving time in New York: 09:00 EDT is 13:00 UTC.
        Assert.Contains("2024-03-10 13:00 UTC: comments close 2024-03-11 (1 day before)", coming, StringComparison.Ordinal);
        Assert.Contains("2024-03-31 13:00 UTC: takes effect 2024-04-01 (1 day before)", coming, StringComparison.Ordinal);
        Assert.DoesNotContain("Reminder:", early, StringComparison.Ordinal);
        Assert.Single(Lines(output, "Reminder: comments close 2024-03-11 (in 7 days)"));
        var reply = Assert.Single(Lines(output, "↳ " + alertId + " · PWR-"));
        Assert.Contains("Reminder · fr-bis · fr:2024-00190 → #desk", reply, StringComparison.Ordinal);
        Assert.Contains("Next reminders here (2 coming):", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommentPeriodExtended_SaidInWordsAndTheRemindersMoveWithIt()
    {
        Server.Serve("/fr/bis.json", DeadlineBodies.Published("2024-03-11"), Json);
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");
        await DeliverAsync();

        Server.Serve("/fr/bis.json", DeadlineBodies.Published("2024-04-10"), Json);
        await PollAsync("fr-bis");
        await DeliverAsync();
        var coming = (await SayAsync("reminders")).ToString();
        Clock.SetUtcNow(NineNewYork);
        await DeliverAsync();
        var output = Host.Console.ToString();

        Assert.Contains("comment period extended from 2024-03-11 to 2024-04-10", output, StringComparison.Ordinal);
        Assert.Contains("2 reminders coming:", coming, StringComparison.Ordinal);
        Assert.Contains(": comments close 2024-04-10 (7 days before)", coming, StringComparison.Ordinal);
        Assert.Contains(": comments close 2024-04-10 (1 day before)", coming, StringComparison.Ordinal);
        Assert.DoesNotContain("2024-03-11 (", coming, StringComparison.Ordinal);
        Assert.DoesNotContain("Reminder:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemindCommentsWithUnacked_ReplansTheComingOnesAndSkipsAnAcknowledgedAction_Audited()
    {
        Server.Serve("/fr/bis.json", DeadlineBodies.Published("2024-03-11"), Json);
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");
        await DeliverAsync();
        var alertId = Headers(Host.Console.ToString()).Single().Split(' ')[1];

        var refused = await SayAsync("remind off", Bob);
        var set = (await SayAsync("remind comments 14d,3d --unacked")).ToString();
        var coming = (await SayAsync("reminders")).ToString();
        var again = (await SayAsync("remind comments 3d,14d --unacked")).ToString();
        await SayAsync($"ack {alertId}");
        Clock.SetUtcNow(new DateTimeOffset(2024, 2, 26, 14, 0, 0, TimeSpan.Zero));
        await DeliverAsync();
        var output = Host.Console.ToString();
        var audit = await AuditAsync();

        Assert.Contains("manager", refused.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("set reminders of comment-close dates to 14 days and 3 days before, unless acknowledged (they were 7 days and 1 day before)", set, StringComparison.Ordinal);
        Assert.Contains("2024-02-26 14:00 UTC: comments close 2024-03-11 (14 days before)", coming, StringComparison.Ordinal);
        Assert.Contains("2024-03-08 14:00 UTC: comments close 2024-03-11 (3 days before)", coming, StringComparison.Ordinal);
        Assert.Contains("2 reminders coming:", coming, StringComparison.Ordinal);
        Assert.Contains("already", again, StringComparison.Ordinal);
        Assert.DoesNotContain("Reminder:", output, StringComparison.Ordinal);
        Assert.Single(audit, a => a.Action == "remind comments" && a.Before == "7d,1d" && a.After == "14d,3d --unacked");
        Assert.DoesNotContain(audit, a => a.Action == "remind effective");
    }

    [Fact]
    public async Task RemindOff_NoReminderPlannedOrSent()
    {
        Server.Serve("/fr/bis.json", DeadlineBodies.Published("2024-03-11", effective: "2024-03-12"), Json);
        await SayAsync("subscribe fr-bis");
        var off = (await SayAsync("remind off")).ToString();
        await PollAsync("fr-bis");
        Clock.SetUtcNow(NineNewYork);
        await DeliverAsync();
        var coming = (await SayAsync("reminders")).ToString();

        Assert.Contains("set reminders of comment-close dates to off", off, StringComparison.Ordinal);
        Assert.Contains("set reminders of effective dates to off", off, StringComparison.Ordinal);
        Assert.Contains("No reminder is coming", coming, StringComparison.Ordinal);
        Assert.DoesNotContain("Reminder:", Host.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remind_BadDays_RefusedAndNothingChanges()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();

        var reply = (await SayAsync("remind comments 100d")).ToString();

        Assert.Contains("'100d' is not a number of days before the date", reply, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    private static List<string> Headers(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("━━ ", StringComparison.Ordinal))];

    private static List<string> Lines(string output, string containing) =>
        [.. output.Split('\n').Where(l => l.Contains(containing, StringComparison.Ordinal))];
}
