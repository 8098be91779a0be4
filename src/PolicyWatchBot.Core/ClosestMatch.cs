namespace PolicyWatchBot.Core;

/// <summary>
/// "Did you mean ...?": the candidate closest to what was typed, by edit distance (how close it
/// must be grows with its length), else the one candidate it is a prefix of; null when none fits.
/// </summary>
public static class ClosestMatch
{
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var word = typed.ToLowerInvariant();
        var allowed = word.Length switch
        {
            < 2 => 0,
            <= 4 => 1,
            <= 8 => 2,
            _ => 3,
        };

        var list = candidates.ToList();
        var best = list
            .Select((candidate, index) => (candidate, index, distance: Math.Abs(candidate.Length - word.Length) > allowed ? int.MaxValue : Distance(word, candidate.ToLowerInvariant())))
            .Where(c => c.distance <= allowed)
            .OrderBy(c => c.distance).ThenBy(c => Math.Abs(c.candidate.Length - word.Length)).ThenBy(c => c.index)
            .Select(c => c.candidate)
            .FirstOrDefault();
        if (best is not null || word.Length < 3)
        {
            return best;
        }

        var prefixed = list.Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
