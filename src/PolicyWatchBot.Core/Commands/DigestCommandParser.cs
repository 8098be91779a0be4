using System.Globalization;
using PolicyWatchBot.Core.Digests;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// <c>digest daily HH:MM [ZONE]</c>, <c>digest weekdays HH:MM [ZONE]</c>, <c>digest weekly DAY HH:MM [ZONE]</c>
/// and <c>digest off</c>. Zones are IANA names (<c>Europe/London</c>); the default is America/New_York.
/// </summary>
internal static class DigestCommandParser
{
    private const string Verb = "digest";

    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static CommandParseResult Parse(CommandReader reader)
    {
        var cadence = reader.NextWord()?.ToLowerInvariant();
        switch (cadence)
        {
            case null:
                return CommandParser.Invalid(Verb, "'digest' needs daily, weekdays, weekly or off");
            case "off":
                return reader.NextWord() is { } extra
                    ? CommandParser.Invalid(Verb, $"'digest off' takes nothing more (got '{CommandParser.Echo(extra)}')")
                    : CommandParser.Success(new ChatCommand.Digest(null));
            case "daily" or "weekdays" or "weekly":
                break;
            default:
                return CommandParser.Invalid(Verb, $"'{CommandParser.Echo(cadence)}' is not daily, weekdays, weekly or off");
        }

        DayOfWeek? day = null;
        if (cadence == "weekly")
        {
            var typedDay = reader.NextWord();
            if (typedDay is null || ParseDay(typedDay) is not { } parsedDay)
            {
                return CommandParser.Invalid(Verb, typedDay is null
                    ? "'digest weekly' needs a day (mon, tue, … sun) and a time"
                    : $"'{CommandParser.Echo(typedDay)}' is not a day; use mon, tue, wed, thu, fri, sat or sun");
            }

            day = parsedDay;
        }

        var typedTime = reader.NextWord();
        if (typedTime is null || !TimeOnly.TryParseExact(typedTime, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return CommandParser.Invalid(Verb, typedTime is null
                ? $"'digest {cadence}' needs a time, like 17:00"
                : $"'{CommandParser.Echo(typedTime)}' is not a time; write it as HH:MM on the 24-hour clock, like 08:30");
        }

        var zone = reader.NextWord() ?? DigestSchedule.DefaultZone;
        if (!IsIanaZone(zone))
        {
            return CommandParser.Invalid(Verb, $"'{CommandParser.Echo(zone)}' is not an IANA time zone; use a name like America/New_York or Europe/London");
        }

        if (reader.NextWord() is { } more)
        {
            return CommandParser.Invalid(Verb, $"'digest {cadence}' takes a time and a zone (got '{CommandParser.Echo(more)}' after them)");
        }

        var kind = cadence switch
        {
            "weekdays" => DigestCadence.Weekdays,
            "weekly" => DigestCadence.Weekly,
            _ => DigestCadence.Daily,
        };
        return CommandParser.Success(new ChatCommand.Digest(new DigestSchedule(kind, at, CanonicalZone(zone), day)));
    }

    /// <summary>A name of the IANA time zone database (not a Windows zone name).</summary>
    public static bool IsIanaZone(string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) && (found.HasIanaId || TimeZoneInfo.TryConvertIanaIdToWindowsId(zone, out _));

    private static string CanonicalZone(string zone) =>
        TimeZoneInfo.FindSystemTimeZoneById(zone).Id is { } id && id.Equals(zone, StringComparison.OrdinalIgnoreCase) ? id : zone;

    private static DayOfWeek? ParseDay(string typed)
    {
        var text = typed.ToLowerInvariant();
        var index = Array.FindIndex(Days, d => text.Length >= 3 && (text == d || CultureInfo.InvariantCulture.DateTimeFormat.DayNames[Array.IndexOf(Days, d)].Equals(text, StringComparison.OrdinalIgnoreCase)));
        return index < 0 ? null : (DayOfWeek)index;
    }
}
