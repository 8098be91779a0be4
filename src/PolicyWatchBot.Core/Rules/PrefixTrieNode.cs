namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The prefixes of a <see cref="RuleSet"/> as a character trie, while the rule set is compiled; it is then
/// flattened into the <see cref="TermLookup"/>.
/// </summary>
internal sealed class PrefixTrieNode
{
    private char[] _keys = [];
    private PrefixTrieNode[] _children = [];

    public IReadOnlyList<char> Keys => _keys;

    /// <summary>The child under each of <see cref="Keys"/>.</summary>
    public IReadOnlyList<PrefixTrieNode> Children => _children;

    /// <summary>The prefix term id ending at this node, or -1.</summary>
    public int PrefixId { get; set; } = -1;

    public PrefixTrieNode? Child(char c)
    {
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == c)
            {
                return _children[i];
            }
        }

        return null;
    }

    public PrefixTrieNode GetOrAddChild(char c)
    {
        if (Child(c) is { } existing)
        {
            return existing;
        }

        var child = new PrefixTrieNode();
        _keys = [.. _keys, c];
        _children = [.. _children, child];
        return child;
    }
}
