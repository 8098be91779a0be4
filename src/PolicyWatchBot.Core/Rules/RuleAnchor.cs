namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Term ids of which at least one occurs, in the fields of its <see cref="FieldScope"/> mask, in every item a
/// rule (or sub-expression) matches, with a rough cost (how often they are expected to occur). A rule with
/// an anchor is evaluated only for items where one of its anchor terms occurs in its scope, so an AND
/// anchors on its rarest-looking operand.
/// </summary>
internal sealed record RuleAnchor(IReadOnlyList<int> TermIds, IReadOnlyList<int> Scopes, int Cost)
{
    private const int CommonWordCost = 40;

    /// <summary>Words so frequent in English and in policy documents that an anchor on them is a poor filter.</summary>
    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "can", "for", "from", "has", "have", "in", "is", "it",
        "its", "may", "no", "not", "of", "on", "or", "other", "such", "that", "the", "their", "these", "this", "to",
        "under", "was", "which", "will", "with", "would", "any", "all", "also", "more", "new", "into", "than",
        "act", "action", "agency", "agencies", "amend", "amendment", "amendments", "april", "august", "bureau",
        "cfr", "comment", "comments", "commission", "date", "dates", "december", "department", "document",
        "federal", "february", "final", "information", "january", "july", "june", "march", "may", "meeting",
        "national", "notice", "november", "october", "office", "program", "proposed", "public", "register",
        "regulation", "regulations", "request", "rule", "rules", "section", "september", "service", "states",
        "united", "us", "u", "s",
    };

    /// <summary>Short words are common; listed common words more so; prefixes hit more tokens than words.</summary>
    public static RuleAnchor ForTerm(int termId, string text, bool isPrefix, int scope)
    {
        var cost = !isPrefix && CommonWords.Contains(text) ? CommonWordCost : 1 + Math.Max(0, 10 - text.Length);
        return new([termId], [scope], isPrefix ? cost * 2 : cost);
    }

    public static RuleAnchor? Cheaper(RuleAnchor? a, RuleAnchor? b) =>
        a is null ? b : b is null ? a : b.Cost < a.Cost ? b : a;

    public static RuleAnchor Union(RuleAnchor a, RuleAnchor b) =>
        new([.. a.TermIds, .. b.TermIds], [.. a.Scopes, .. b.Scopes], a.Cost + b.Cost);

    /// <summary>The phrase word to anchor on: not a common word if avoidable, then the longest.</summary>
    public static int PhraseAnchorIndex(IReadOnlyList<string> words)
    {
        var best = 0;
        for (var i = 1; i < words.Count; i++)
        {
            if (ForTerm(0, words[i], isPrefix: false, 0).Cost < ForTerm(0, words[best], isPrefix: false, 0).Cost)
            {
                best = i;
            }
        }

        return best;
    }
}
