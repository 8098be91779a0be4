namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The value of a <see cref="RuleSet"/>'s one term dictionary. Under a whole token: its word term id. Under
/// the first three characters of a token: the prefixes that start with them.
/// </summary>
internal sealed class TermEntry
{
    public int WordId { get; set; } = -1;

    public string[]? Prefixes { get; set; }

    public int[]? PrefixIds { get; set; }

    public void AddPrefix(string prefix, int id)
    {
        Prefixes = Prefixes is null ? [prefix] : [.. Prefixes, prefix];
        PrefixIds = PrefixIds is null ? [id] : [.. PrefixIds, id];
    }
}
