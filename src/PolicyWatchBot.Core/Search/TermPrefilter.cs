using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Search;

/// <summary>
/// The condition over indexed terms that every item an expression matches meets: a word, a prefix or
/// the words of a phrase in the term's field; AND and NEAR need each side, OR needs one. A regular
/// expression, a NOT or a <c>body:</c> term (full texts are not indexed) gives no condition of its
/// own: beside others under AND it is left to the matcher, and an expression that is left with no
/// condition at all (<c>NOT correction</c>, <c>export OR /3A09\d/</c>) is decided on every item.
/// </summary>
public static class TermPrefilter
{
    /// <summary>The condition, or null when the expression can match an item without any indexed term.</summary>
    public static TermQuery? Of(RuleNode expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Of(expression, FieldScope.Text);
    }

    private static TermQuery? Of(RuleNode node, int scope) => node switch
    {
        WordNode word => Terms([word.Word], lastIsPrefix: false, scope),
        PrefixNode prefix => Terms([prefix.Prefix], lastIsPrefix: true, scope),
        PhraseNode phrase => Terms(phrase.Words, lastIsPrefix: false, scope),
        FieldNode field => Of(field.Operand, FieldScope.Mask(field.Field)),
        AndNode and => All([.. and.Operands.Select(o => Of(o, scope))]),
        NearNode near => All([Of(near.Left, scope), Of(near.Right, scope)]),
        OrNode or => Any([.. or.Operands.Select(o => Of(o, scope))]),
        _ => null,
    };

    private static TermQuery.Terms? Terms(IReadOnlyList<string> words, bool lastIsPrefix, int scope)
    {
        if (words.Count == 0 || (scope & ~IndexedTerms.Scope) != 0)
        {
            return null;
        }

        return new TermQuery.Terms(words, lastIsPrefix, [.. IndexedTerms.Fields.Where(f => (scope & FieldScope.Bit(f)) != 0)]);
    }

    private static TermQuery? All(TermQuery?[] parts)
    {
        TermQuery[] known = [.. parts.OfType<TermQuery>()];
        return known.Length switch
        {
            0 => null,
            1 => known[0],
            _ => new TermQuery.All(known),
        };
    }

    private static TermQuery? Any(TermQuery?[] parts) =>
        parts.Any(p => p is null) ? null
        : parts.Length == 1 ? parts[0]
        : new TermQuery.Any([.. parts.OfType<TermQuery>()]);
}
