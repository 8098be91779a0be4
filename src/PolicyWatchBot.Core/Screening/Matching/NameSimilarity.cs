using System.Globalization;

namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// How alike two names are, in [0, 1], the way screening tools compare them. Both are normalised
/// (<see cref="NormalizedName"/>); then the better of two readings counts:
/// <list type="bullet">
/// <item>token set: each word of one paired with its most similar word of the other (Jaro-Winkler,
/// lowered when one word is longer, in any order, each word used once; a pair under <see cref="WordFloor"/> counts nothing, and words of
/// up to 3 letters pair only when equal), weighted by the words' lengths on both sides, so a word
/// missing on either side lowers the score;</item>
/// <item>run together: Jaro similarity (no credit for a common prefix, which long names share by chance) of the words joined without spaces, when both are about as long in a different number of words and at least 8 letters,
/// for names spaced or hyphenated differently ("Rosoboron-Export", "Rosoboronexport").</item>
/// </list>
/// </summary>
public static class NameSimilarity
{
    /// <summary>The score a hit needs unless a channel sets its own.</summary>
    public const double DefaultThreshold = 0.9;

    /// <summary>Added to a score (up to 1) when the watchlist entry's country is one of the party's.</summary>
    public const double CountryBoost = 0.03;

    /// <summary>Two words less alike than this are not a pair.</summary>
    public const double WordFloor = 0.85;

    private const int ExactOnlyLength = 3;

    // Shorter names run together (codes, registration marks: "EP-FAB") are alike by chance.
    private const int RunTogetherLength = 8;

    public static double Score(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Score(NormalizedName.Of(a), NormalizedName.Of(b));
    }

    /// <summary>A score as shown to users: two decimals, rounded down so that a score under a threshold never reads as the threshold.</summary>
    public static string Format(double score) =>
        (Math.Floor((score * 100) + 1e-9) / 100).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Null when the threshold is usable (above 0, at most 1), else the reason.</summary>
    public static string? CheckThreshold(double threshold) =>
        threshold is > 0 and <= 1 ? null : $"a threshold is a score above 0 and at most 1, such as 0.9 (got {threshold.ToString(CultureInfo.InvariantCulture)})";

    internal static double Score(NormalizedName a, NormalizedName b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return 0;
        }

        if (string.Equals(a.Joined, b.Joined, StringComparison.Ordinal))
        {
            return 1;
        }

        var score = TokenSet(a, b);
        var longer = Math.Max(a.Length, b.Length);
        if (a.Tokens.Count != b.Tokens.Count && Math.Abs(a.Length - b.Length) <= Math.Max(1, longer / 10) && Math.Min(a.Length, b.Length) >= RunTogetherLength)
        {
            score = Math.Max(score, JaroWinkler.Jaro(a.Joined, b.Joined));
        }

        return score;
    }

    internal static double Word(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 1;
        }

        if (a.Length <= ExactOnlyLength || b.Length <= ExactOnlyLength)
        {
            return 0;
        }

        // Jaro-Winkler rates a word that starts another highly ("space", "spacety"): lowered by how much longer one is.
        var lengths = 2.0 * Math.Min(a.Length, b.Length) / (a.Length + b.Length);
        var similarity = JaroWinkler.Similarity(a, b) * Math.Sqrt(lengths);
        return similarity >= WordFloor ? similarity : 0;
    }

    private static double TokenSet(NormalizedName a, NormalizedName b)
    {
        var n = a.Tokens.Count;
        var m = b.Tokens.Count;
        Span<double> pairs = n * m <= 256 ? stackalloc double[n * m] : new double[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                pairs[(i * m) + j] = Word(a.Tokens[i], b.Tokens[j]);
            }
        }

        // Greedy pairing, the most similar pair first.
        Span<bool> aUsed = n <= 64 ? stackalloc bool[n] : new bool[n];
        Span<bool> bUsed = m <= 64 ? stackalloc bool[m] : new bool[m];
        double weighted = 0;
        for (var paired = 0; paired < Math.Min(n, m); paired++)
        {
            var best = -1;
            for (var k = 0; k < pairs.Length; k++)
            {
                if (pairs[k] > 0 && !aUsed[k / m] && !bUsed[k % m] && (best < 0 || pairs[k] > pairs[best]))
                {
                    best = k;
                }
            }

            if (best < 0)
            {
                break;
            }

            aUsed[best / m] = true;
            bUsed[best % m] = true;
            weighted += pairs[best] * (a.Tokens[best / m].Length + b.Tokens[best % m].Length);
        }

        return weighted / (a.Length + b.Length);
    }
}
