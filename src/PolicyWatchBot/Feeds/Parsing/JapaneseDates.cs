using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Dates as Japanese government pages write them: the Reiwa era (令和7年3月25日, 令和元年5月1日,
/// R7.3.25; Reiwa 1 is 2019) and the Gregorian 2025年3月25日, with full-width digits allowed. Read as
/// Gregorian calendar dates.
/// </summary>
internal static partial class JapaneseDates
{
    private const int ReiwaYearZero = 2018;

    public static DateOnly? Parse(string text)
    {
        var value = text.Normalize(NormalizationForm.FormKC);
        var reiwa = Reiwa().Match(value);
        if (reiwa.Success)
        {
            var year = reiwa.Groups["year"].Value is "元" ? 1 : int.Parse(reiwa.Groups["year"].Value, CultureInfo.InvariantCulture);
            return Date(ReiwaYearZero + year, reiwa.Groups["month"].Value, reiwa.Groups["day"].Value);
        }

        var gregorian = Gregorian().Match(value);
        return gregorian.Success ? Date(int.Parse(gregorian.Groups["year"].Value, CultureInfo.InvariantCulture), gregorian.Groups["month"].Value, gregorian.Groups["day"].Value) : null;
    }

    private static DateOnly? Date(int year, string month, string day)
    {
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        return m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(year, m) ? new DateOnly(year, m, d) : null;
    }

    [GeneratedRegex(@"(?:令和\s*(?<year>元|\d{1,2})\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日|\bR\s*(?<year>\d{1,2})\.(?<month>\d{1,2})\.(?<day>\d{1,2})\b)")]
    private static partial Regex Reiwa();

    [GeneratedRegex(@"(?<year>(?:19|20)\d{2})\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日")]
    private static partial Regex Gregorian();
}
