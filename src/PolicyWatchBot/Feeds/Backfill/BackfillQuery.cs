using System.Globalization;

namespace PolicyWatchBot.Feeds.Backfill;

/// <summary>
/// A Federal Register feed's query narrowed to a window of publication dates: the feed's own
/// conditions, fields and order, with <c>conditions[publication_date][gte]</c> and <c>[lte]</c> in
/// place of any date condition or page number it had.
/// </summary>
internal static class BackfillQuery
{
    /// <summary>The API's documented default page size, when the feed's query names none.</summary>
    public const int DefaultPerPage = 20;

    private const string DateCondition = "conditions[publication_date]";

    public static Uri For(Uri feedUrl, BackfillWindow window)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        var kept = Parameters(feedUrl)
            .Where(p => !Name(p).StartsWith(DateCondition, StringComparison.Ordinal) && Name(p) != "page")
            .ToList();
        kept.Add($"{Uri.EscapeDataString(DateCondition + "[gte]")}={window.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        kept.Add($"{Uri.EscapeDataString(DateCondition + "[lte]")}={window.Through.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        var url = new UriBuilder(feedUrl) { Query = string.Join('&', kept) };
        return url.Uri;
    }

    /// <summary>The query's <c>per_page</c> (1 to 1,000), else the API's default.</summary>
    public static int PerPage(Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        foreach (var parameter in Parameters(feedUrl))
        {
            if (Name(parameter) == "per_page"
                && int.TryParse(Value(parameter), NumberStyles.None, CultureInfo.InvariantCulture, out var perPage))
            {
                return Math.Clamp(perPage, 1, 1000);
            }
        }

        return DefaultPerPage;
    }

    private static string[] Parameters(Uri url) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries);

    private static string Name(string parameter) => Unescape(parameter.Split('=', 2)[0]);

    private static string Value(string parameter) => parameter.Split('=', 2) is [_, var value] ? Unescape(value) : "";

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
