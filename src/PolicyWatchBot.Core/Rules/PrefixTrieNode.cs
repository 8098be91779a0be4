namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The prefixes of a <see cref="RuleSet"/> that share their first three characters, as a character trie
/// below that stem: a token walks it once, character by character, and stops where no prefix continues.
/// </summary>
internal sealed class PrefixTrieNode
{
    private char[] _keys = [];
    private PrefixTrieNode[] _children = [];

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
