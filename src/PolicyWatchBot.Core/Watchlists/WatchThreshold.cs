using System.Globalization;

namespace PolicyWatchBot.Core.Watchlists;

/// <summary>
/// The score from which a listed name counts as a match of a watchlist entry, per channel
/// (<c>watch threshold 0.9</c>): 0.5 to 1 (1: identical once normalised); 0.9 unless set.
/// </summary>
public static class WatchThreshold
{
    public const double Default = 0.9;
    public const double Min = 0.5;
    public const double Max = 1.0;

    /// <summary>The threshold typed (<c>0.85</c>, or <c>85%</c>), or null when it is not a number from 0.5 to 1.</summary>
    public static double? Parse(string? typed)
    {
        var text = (typed ?? "").Trim();
        var percent = text.EndsWith('%');
        if (percent)
        {
            text = text[..^1];
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        value = percent ? value / 100 : value;
        return value is >= Min and <= Max ? Math.Round(value, 3) : null;
    }

    public static string Show(double threshold) => threshold.ToString("0.0##", CultureInfo.InvariantCulture);
}
