using System.Globalization;

namespace PolicyWatchBot.Core.Digests;

/// <summary>
/// When a channel in digest mode gets its digest: every day, every weekday (Monday to Friday) or
/// one day a week, at a wall-clock time in an IANA time zone (default America/New_York). Times are
/// wall-clock times: 17:00 stays 17:00 across daylight-saving changes.
/// </summary>
public sealed record DigestSchedule(DigestCadence Cadence, TimeOnly At, string Zone, DayOfWeek? Day = null)
{
    public const string DefaultZone = "America/New_York";

    /// <summary>The first digest time strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        for (var day = today.AddDays(-1); ; day = day.AddDays(1))
        {
            if (!Fires(day.DayOfWeek))
            {
                continue;
            }

            var local = day.ToDateTime(At);

            // A time that does not exist (the spring-forward hour) is taken an hour later.
            if (zone.IsInvalidTime(local))
            {
                local = local.AddHours(1);
            }

            var instant = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (instant > after)
            {
                return instant;
            }
        }
    }

    /// <summary>As commands spell it: <c>daily 17:00 America/New_York</c>, <c>weekly mon 09:00 Europe/London</c>.</summary>
    public override string ToString()
    {
        var time = At.ToString("HH:mm", CultureInfo.InvariantCulture);
        return Cadence switch
        {
            DigestCadence.Weekly => $"weekly {DayName(Day!.Value)} {time} {Zone}",
            DigestCadence.Weekdays => $"weekdays {time} {Zone}",
            _ => $"daily {time} {Zone}",
        };
    }

    /// <summary>In words: "every weekday at 08:30 (America/New_York)".</summary>
    public string Describe()
    {
        var time = At.ToString("HH:mm", CultureInfo.InvariantCulture);
        return Cadence switch
        {
            DigestCadence.Weekly => $"every {Day} at {time} ({Zone})",
            DigestCadence.Weekdays => $"every weekday at {time} ({Zone})",
            _ => $"every day at {time} ({Zone})",
        };
    }

    public static string DayName(DayOfWeek day) => day.ToString()[..3].ToLowerInvariant();

    private bool Fires(DayOfWeek day) => Cadence switch
    {
        DigestCadence.Weekdays => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday),
        DigestCadence.Weekly => day == Day,
        _ => true,
    };
}
