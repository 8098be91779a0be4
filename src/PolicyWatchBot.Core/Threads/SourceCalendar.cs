using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Threads;

/// <summary>Calendar days as a source counts them: dates from a source are days in its own time zone.</summary>
public static class SourceCalendar
{
    public const string FederalRegisterZone = "America/New_York";

    /// <summary>The zone an item's dates are in: America/New_York for the Federal Register, else the feed's schedule zone.</summary>
    public static string ZoneOf(ItemKey item, FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return item.Value.StartsWith("fr:", StringComparison.Ordinal) || feed.Kind is FeedKind.FederalRegister or FeedKind.FederalRegisterPublicInspection
            ? FederalRegisterZone
            : feed.Schedule.TimeZone;
    }

    /// <summary>The calendar day it is in <paramref name="zone"/> at <paramref name="now"/> (UTC when the zone is unknown).</summary>
    public static DateOnly Today(string zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz) ? TimeZoneInfo.ConvertTime(now, tz) : now.ToUniversalTime();
        return DateOnly.FromDateTime(local.DateTime);
    }
}
