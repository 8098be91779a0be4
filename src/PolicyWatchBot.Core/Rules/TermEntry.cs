namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// An entry of a <see cref="RuleSet"/>'s one term table. Under a whole word: its word term id. Under a
/// three-character stem: the trie of the prefixes that start with it.
/// </summary>
internal sealed class TermEntry(string key, int hash)
{
    public string Key { get; } = key;

    public int Hash { get; } = hash;

    public int WordId { get; set; } = -1;

    /// <summary>The prefixes (at least three characters) that start with <see cref="Key"/>, when it is a three-character stem.</summary>
    public PrefixTrieNode? Prefixes { get; set; }
}
