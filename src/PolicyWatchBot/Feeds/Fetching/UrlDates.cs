using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Feeds.Fetching;

/// <summary>
/// Dates in a feed URL, filled in when it is fetched: <c>{today}</c> is the UTC date
/// (<c>2026-03-02</c>) and <c>{today-7d}</c> the date that many days before, for APIs that take a
/// start date (GovInfo's <c>collections/PLAW/{today-7d}T00:00:00Z</c>). The stored URL keeps them.
/// </summary>
internal static partial class UrlDates
{
    public const int MaxDaysBack = 3660;

    public static bool IsPlaceholder(string text) => Placeholder().IsMatch(text) && Placeholder().Match(text).Length == text.Length;

    public static Uri Resolve(Uri url, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.OriginalString;
        if (!Placeholder().IsMatch(text))
        {
            return url;
        }

        return new Uri(Placeholder().Replace(text, m =>
        {
            var days = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return today.AddDays(-Math.Min(days, MaxDaysBack)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }));
    }

    [GeneratedRegex(@"(?:\{|%7B)today(?:-([0-9]{1,4})d)?(?:\}|%7D)", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
