namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The frozen term table of a <see cref="RuleSet"/>, in flat arrays so that looking up a token touches few
/// cache lines. Words: one <see cref="TermKeyTable"/> probe with the token's precomputed hash. Prefixes: the
/// token's hash is extended character by character from its third; a filter of every start of a prefix
/// (three characters or more) stops the walk where no prefix continues, and only where a prefix may end is
/// the prefix table probed.
/// </summary>
internal sealed class TermLookup
{
    private readonly TermKeyTable _words;
    private readonly TermKeyTable _prefixes;
    private readonly TermHashFilter _prefixStarts;

    private TermLookup(IReadOnlyDictionary<string, int> words, IReadOnlyDictionary<string, int> prefixes)
    {
        _words = new TermKeyTable(words);
        _prefixes = new TermKeyTable(prefixes);
        var starts = new HashSet<int>();
        foreach (var prefix in prefixes.Keys)
        {
            for (var length = RuleParser.MinPrefixLength; length <= prefix.Length; length++)
            {
                starts.Add(TokenHash.Compute(prefix.AsSpan(0, length)));
            }
        }

        _prefixStarts = new TermHashFilter(starts, starts.Count);
    }

    public bool HasPrefixes => _prefixes.Count > 0;

    /// <param name="words">Each word with its term id.</param>
    /// <param name="prefixes">Each prefix (without its '*') with its term id.</param>
    public static TermLookup Create(IReadOnlyDictionary<string, int> words, IReadOnlyDictionary<string, int> prefixes) => new(words, prefixes);

    /// <summary>The term id of the word <paramref name="token"/>, whose <see cref="TokenHash"/> is <paramref name="hash"/>, or -1.</summary>
    public int FindWord(string token, int hash) => _words.Find(token, hash);

    /// <summary>
    /// Whether some prefix may start with the token start whose hash is <paramref name="startHash"/> (false:
    /// certainly none does, so no longer start of the token can be a prefix either).
    /// </summary>
    public bool MayStartPrefix(int startHash) => _prefixStarts.MayContain(startHash);

    /// <summary>The term id of the prefix <paramref name="start"/>, whose hash is <paramref name="hash"/>, or -1.</summary>
    public int FindPrefix(ReadOnlySpan<char> start, int hash) => _prefixes.Find(start, hash);
}
