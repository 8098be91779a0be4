using System.Globalization;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Chat;

/// <summary>How replies write times, spans, schedules and "did you mean" suggestions.</summary>
internal static class ReplyText
{
    public static string When(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A span as people say it: <c>3d 4h</c>, <c>2h 5m</c>, <c>45m</c>.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }

        if (span.TotalDays >= 1)
        {
            return span.Hours > 0 ? $"{span.Days}d {span.Hours}h" : $"{span.Days}d";
        }

        return span.Hours > 0 ? (span.Minutes > 0 ? $"{span.Hours}h {span.Minutes}m" : $"{span.Hours}h") : $"{span.Minutes}m";
    }

    public static string Schedule(FeedSchedule schedule) => schedule.Cron is { } cron
        ? $"cron {cron} ({schedule.TimeZone})"
        : "every " + DurationText.Format(schedule.Interval ?? TimeSpan.Zero);

    public static string Count(int count, string singular, string? plural = null) =>
        count == 1 ? $"1 {singular}" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} {plural ?? singular + "s"}";

    public static string List(IEnumerable<string> values) => string.Join(", ", values);

    /// <summary>A message fragment as the start of a sentence.</summary>
    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
