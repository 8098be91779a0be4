using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Reminders;

/// <summary>
/// When reminders fire. Deadlines are calendar dates in the source's zone (Federal Register:
/// America/New_York), so "7 days before" is the calendar day seven days earlier there; the reminder
/// goes out at <see cref="Hour"/> that morning, or at once when the day has come and that hour has
/// passed. A reminder whose day has gone by is not planned (the alert itself shows the date).
/// </summary>
public static class ReminderTimes
{
    /// <summary>Reminders go out at 09:00 in the source's zone, the start of a working day there.</summary>
    public static readonly TimeOnly Hour = new(9, 0);

    /// <summary>09:00 on the day <paramref name="daysBefore"/> calendar days before <paramref name="deadline"/>, in <paramref name="zone"/>.</summary>
    public static DateTimeOffset DueAt(DateOnly deadline, int daysBefore, string zone)
    {
        var local = deadline.AddDays(-daysBefore).ToDateTime(Hour, DateTimeKind.Unspecified);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        // 09:00 is never in a daylight-saving gap or overlap, so the offset is unambiguous.
        return new DateTimeOffset(local, tz.GetUtcOffset(local));
    }

    /// <summary>The plan's reminders still to come for a deadline: (days before, when), the earliest first.</summary>
    public static IReadOnlyList<(int DaysBefore, DateTimeOffset DueAt)> Coming(DateOnly deadline, RemindPlan plan, string zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var today = SourceCalendar.Today(zone, now);
        return [.. plan.DaysBefore
            .Where(days => deadline.AddDays(-days) >= today)
            .Select(days => (days, DueAt(deadline, days, zone)))];
    }
}
