using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads the dates sources write: RFC 822 (<c>pubDate</c>, with zone names or numeric offsets,
/// with or without the day name), W3C/ISO 8601 (<c>updated</c>, <c>dc:date</c>), and the calendar
/// dates of web pages ("March 21, 2025", "21 March 2025", "2025-03-21", Japanese "令和7年3月25日"). Instants keep the offset
/// the source wrote (callers take the source's calendar date from it, and <c>UtcDateTime</c> for
/// storage); a missing offset is taken as UTC. Calendar dates never pass through a time zone.
/// </summary>
internal static partial class SourceDates
{
    private static readonly Dictionary<string, string> ZoneOffsets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = "+00:00", ["UT"] = "+00:00", ["UTC"] = "+00:00", ["Z"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
        ["BST"] = "+01:00", ["CET"] = "+01:00", ["CEST"] = "+02:00", ["JST"] = "+09:00",
    };

    private static readonly string[] Rfc822Formats =
    [
        "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yy HH:mm:ss zzz", "d MMM yy HH:mm zzz",
        "d MMMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss", "d MMM yyyy", "d MMM yyyy HH:mm",
    ];

    private static readonly string[] CalendarFormats =
    [
        "yyyy-MM-dd", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMM. d, yyyy", "MMM d yyyy", "d MMMM yyyy",
        "d MMM yyyy", "d MMMM, yyyy", "dddd, MMMM d, yyyy", "dddd, d MMMM yyyy", "M/d/yyyy", "MM/dd/yyyy",
        "yyyy/MM/dd", "yyyyMMdd", "MMMM yyyy",
    ];

    /// <summary>An instant in the offset the source wrote, or null when the text is not a date.</summary>
    public static DateTimeOffset? ParseInstant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string value = text.Trim();
        if (value.Length > 80)
        {
            return null;
        }

        if (Iso().IsMatch(value))
        {
            return ParseIso(value);
        }

        return ParseRfc822(value);
    }

    /// <summary>A calendar date as written ("2024-01-09", "March 21, 2025", ISO timestamps keep their own date).</summary>
    public static DateOnly? ParseCalendarDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string value = HtmlText.Collapse(text).Replace("Sept.", "Sep.", StringComparison.OrdinalIgnoreCase);
        value = Ordinal().Replace(value, "$1");
        if (DateOnly.TryParseExact(value, CalendarFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateOnly date))
        {
            return date;
        }

        if (Iso().IsMatch(value) && ParseIso(value) is { } instant)
        {
            return DateOnly.FromDateTime(instant.DateTime);
        }

        // A date inside a longer text: "Posted on March 21, 2025 by ...".
        Match embedded = EmbeddedDate().Match(value);
        if (embedded.Success && DateOnly.TryParseExact(embedded.Value, CalendarFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date))
        {
            return date;
        }

        return ParseRfc822(value) is { } rfc ? DateOnly.FromDateTime(rfc.DateTime) : JapaneseDates.Parse(value);
    }

    private static DateTimeOffset? ParseIso(string value)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed))
        {
            return parsed;
        }

        // Date-only or year-month ("2003-12", "2003") W3CDTF forms.
        string[] partial = ["yyyy-MM", "yyyy"];
        return DateTimeOffset.TryParseExact(value, partial, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed)
            ? parsed
            : null;
    }

    private static DateTimeOffset? ParseRfc822(string value)
    {
        string text = DayName().Replace(value, "");
        text = Zone().Replace(text, match => ZoneOffsets.TryGetValue(match.Groups[1].Value, out string? offset) ? " " + offset : match.Value);
        text = NumericOffset().Replace(text, " $1$2:$3");
        text = HtmlText.Collapse(text);
        if (DateTimeOffset.TryParseExact(text, Rfc822Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed))
        {
            return parsed;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed)
            ? parsed
            : null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}(-\d{2})?([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Iso();

    [GeneratedRegex(@"^\s*[A-Za-z]{3,9}\.?,?\s+(?=\d)")]
    private static partial Regex DayName();

    [GeneratedRegex(@"\s([A-Za-z]{1,4})\s*$")]
    private static partial Regex Zone();

    [GeneratedRegex(@"\s*([+-])(\d{2}):?(\d{2})\s*$")]
    private static partial Regex NumericOffset();

    [GeneratedRegex(@"\b(\d{1,2})(st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddedDate();
}
