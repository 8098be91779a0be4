namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Term ids of which at least one occurs in every item a rule (or sub-expression) matches, with a rough
/// cost (how often they are expected to occur). A rule with an anchor is evaluated only for items where
/// one of its anchor terms occurs.
/// </summary>
internal sealed record RuleAnchor(IReadOnlyList<int> TermIds, int Cost)
{
    /// <summary>Short words are common; prefixes hit more tokens than words.</summary>
    public static RuleAnchor ForTerm(int termId, string text, bool isPrefix) =>
        new([termId], (isPrefix ? 2 : 1) * (1 + Math.Max(0, 10 - text.Length)));

    public static RuleAnchor? Cheaper(RuleAnchor? a, RuleAnchor? b) =>
        a is null ? b : b is null ? a : b.Cost < a.Cost ? b : a;

    public static RuleAnchor Union(RuleAnchor a, RuleAnchor b) =>
        new([.. a.TermIds, .. b.TermIds], a.Cost + b.Cost);
}
