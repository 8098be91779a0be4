using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Search;

/// <summary>
/// A condition over an item's indexed terms (<see cref="IndexedTerms"/>) that every item a rule matches
/// meets (<see cref="TermPrefilter"/>), so a store with a term index can hand over only the items that
/// meet it, and the matcher decides each of them. Store-neutral: SQLite renders it as an FTS5 query.
/// </summary>
public abstract record TermQuery
{
    private TermQuery()
    {
    }

    /// <summary>
    /// Each of <see cref="Words"/> occurs in one of <see cref="Fields"/>; with <see cref="LastIsPrefix"/>
    /// the last one is the prefix of a token. Words are normalised tokens (a phrase's words, in order).
    /// </summary>
    public sealed record Terms(IReadOnlyList<string> Words, bool LastIsPrefix, IReadOnlyList<ItemField> Fields) : TermQuery
    {
        public override string ToString() =>
            $"{{{string.Join(' ', Fields)}}}:({string.Join(' ', Words)}{(LastIsPrefix ? "*" : "")})";
    }

    /// <summary>Every part holds.</summary>
    public sealed record All(IReadOnlyList<TermQuery> Parts) : TermQuery
    {
        public override string ToString() => $"ALL({string.Join(", ", Parts)})";
    }

    /// <summary>At least one part holds.</summary>
    public sealed record Any(IReadOnlyList<TermQuery> Parts) : TermQuery
    {
        public override string ToString() => $"ANY({string.Join(", ", Parts)})";
    }
}
