namespace PolicyWatchBot.Core.Commands;

/// <summary>The verb someone probably meant: closest by edit distance (a swap of two letters counts one), else a unique prefix.</summary>
internal static class VerbSuggester
{
    private static readonly string[] SingleWordVerbs = [.. CommandCatalog.All.Select(e => e.Verb).Where(v => !v.Contains(' ', StringComparison.Ordinal))];

    private static readonly string[] RuleSubVerbs =
        [.. CommandCatalog.All.Select(e => e.Verb).Where(v => v.StartsWith("rule ", StringComparison.Ordinal)).Select(v => v["rule ".Length..])];

    // Words people reach for after "rule" that are far from the real ones by spelling.
    private static readonly Dictionary<string, string> RuleSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["create"] = "rule add",
        ["new"] = "rule add",
        ["update"] = "rule edit",
        ["change"] = "rule edit",
        ["replace"] = "rule edit",
        ["delete"] = "rule remove",
        ["del"] = "rule remove",
        ["rm"] = "rule remove",
        ["list"] = "rules",
        ["ls"] = "rules",
        ["show"] = "rules",
    };

    /// <summary>
    /// The closest catalog verb to what was typed (the first word, and the second for the rule
    /// verbs), or null. After <c>rule</c> itself only the rule verbs are candidates.
    /// </summary>
    public static string? Closest(string first, string? second)
    {
        if (second is not null && Distance(first.ToLowerInvariant(), "rule") <= 1)
        {
            if (Closest(second, RuleSubVerbs) is { } sub)
            {
                return "rule " + sub;
            }

            if (RuleSynonyms.TryGetValue(second, out var synonym))
            {
                return synonym;
            }

            if (string.Equals(first, "rule", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return Closest(first, SingleWordVerbs);
    }

    public static string? Closest(string typed, IReadOnlyList<string> candidates)
    {
        var word = typed.ToLowerInvariant();
        var allowed = word.Length switch
        {
            < 2 => 0,
            <= 4 => 1,
            <= 8 => 2,
            _ => 3,
        };

        var best = candidates
            .Select((candidate, index) => (candidate, index, distance: Math.Abs(candidate.Length - word.Length) > allowed ? int.MaxValue : Distance(word, candidate)))
            .Where(c => c.distance <= allowed)
            .OrderBy(c => c.distance).ThenBy(c => Math.Abs(c.candidate.Length - word.Length)).ThenBy(c => c.index)
            .Select(c => c.candidate)
            .FirstOrDefault();
        if (best is not null || word.Length < 3)
        {
            return best;
        }

        var prefixed = candidates.Where(c => c.StartsWith(word, StringComparison.Ordinal)).Take(2).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    internal static int Distance(string a, string b)
    {
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
