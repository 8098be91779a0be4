namespace PolicyWatchBot.Core;

/// <summary>"Did you mean ...?": the candidate closest to what was typed, by edit distance, when it is close enough.</summary>
public static class ClosestMatch
{
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var wanted = typed.ToLowerInvariant();
        var allowed = Math.Max(2, wanted.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(wanted, candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Levenshtein distance, with a swap of two neighbouring letters counting as one edit.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rows = new int[3, b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            int current = i % 3, previous = (i - 1) % 3, beforePrevious = (i - 2 + 3) % 3;
            rows[current, 0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(rows[previous, j] + 1, rows[current, j - 1] + 1), rows[previous, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, rows[beforePrevious, j - 2] + 1);
                }

                rows[current, j] = best;
            }
        }

        return rows[a.Length % 3, b.Length];
    }
}
