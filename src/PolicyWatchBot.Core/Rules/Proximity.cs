namespace PolicyWatchBot.Core.Rules;

/// <summary>The NEAR test of docs/rules.md on two token spans of one value.</summary>
internal static class Proximity
{
    /// <summary>
    /// Whether some token of span a and some token of span b have positions that differ by 1 to
    /// <paramref name="distance"/>, in either order. The differences form the range [low, high].
    /// </summary>
    public static bool AreNear(int aStart, int aLength, int bStart, int bLength, int distance)
    {
        var low = aStart - (bStart + bLength - 1);
        var high = aStart + aLength - 1 - bStart;
        return (low <= distance && high >= 1) || (low <= -1 && high >= -distance);
    }
}
