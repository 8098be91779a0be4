using System.Globalization;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>Dates as the lists print them (<c>MM/DD/YYYY</c>, ISO), kept as printed, with a flag when the year cannot be right.</summary>
internal static class ListDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy", "dd MMM yyyy", "d MMM yyyy", "dd/MM/yyyy"];

    /// <summary>The date, or null for an empty text. A text that is not a date is kept with a flag.</summary>
    public static EntityDate? Of(string kind, string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-0-")
        {
            return null;
        }

        text = text.Trim();
        if (!DateOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return new EntityDate(kind, text, null, "not a date");
        }

        // Typos the lists really carry (3017-08-22, 2922-09-01, 0222-05-18) are kept as printed and flagged.
        return value.Year is < 1900 or > 2100
            ? new EntityDate(kind, text, value, $"year {value.Year} is not a plausible date")
            : new EntityDate(kind, text, value);
    }
}
