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
        if (second is not null && ClosestMatch.Distance(first.ToLowerInvariant(), "rule") <= 1)
        {
            if (ClosestMatch.Find(second, RuleSubVerbs) is { } sub)
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

        return ClosestMatch.Find(first, SingleWordVerbs);
    }
}
