using System.Globalization;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// Dates as the lists print them (<c>MM/DD/YYYY</c>, ISO), kept as printed, with a flag when the year
/// cannot be right. A year alone ("1962", OFSI's "00/00/1962" or "00/03/1962") is a date of unknown day:
/// kept as printed, without a value and without a flag.
/// </summary>
internal static partial class ListDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy", "dd MMM yyyy", "d MMM yyyy", "dd/MM/yyyy"];

    // British lists (OFSI) write the day first: 09/05/2025 is 9 May.
    private static readonly string[] DayFirstFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd MMM yyyy", "d MMM yyyy"];

    /// <summary>The date, or null for an empty text. A text that is not a date is kept with a flag. <paramref name="dayFirst"/>: DD/MM/YYYY, not MM/DD/YYYY.</summary>
    public static EntityDate? Of(string kind, string? text, bool dayFirst = false)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-0-")
        {
            return null;
        }

        text = text.Trim();
        if (YearOnly().Match(text) is { Success: true } year)
        {
            var printed = int.Parse(year.Groups[1].Value, CultureInfo.InvariantCulture);
            return printed is < 1900 or > 2100 ? new EntityDate(kind, text, null, $"year {printed} is not a plausible date") : new EntityDate(kind, text, null);
        }

        if (!DateOnly.TryParseExact(text, dayFirst ? DayFirstFormats : Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return new EntityDate(kind, text, null, "not a date");
        }

        // Typos the lists really carry (3017-08-22, 2922-09-01, 0222-05-18) are kept as printed and flagged.
        return value.Year is < 1900 or > 2100
            ? new EntityDate(kind, text, value, $"year {value.Year} is not a plausible date")
            : new EntityDate(kind, text, value);
    }

    [GeneratedRegex(@"^(?:00/\d{2}/)?(\d{4})$")]
    private static partial Regex YearOnly();
}
