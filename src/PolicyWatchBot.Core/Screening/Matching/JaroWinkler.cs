namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>Jaro-Winkler similarity in [0, 1]: Jaro's matching characters and transpositions, raised for a common prefix of up to 4 characters.</summary>
internal static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const int MaxPrefix = 4;

    public static double Similarity(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return a.Length == 0 ? 0 : 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var jaro = Jaro(a, b);
        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * PrefixScale * (1 - jaro));
    }

    /// <summary>Jaro similarity alone, with no credit for a common prefix.</summary>
    public static double Jaro(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        Span<bool> aMatched = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = true;
                    bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3;
    }
}
