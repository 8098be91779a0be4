namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The frozen term table of a <see cref="RuleSet"/>, in flat arrays so that looking up a token touches few
/// cache lines. Words: one <see cref="TermKeyTable"/> probe with the token's precomputed hash. Prefixes: the
/// token's hash is extended character by character from its third; a filter of every start of a prefix
/// (three characters or more) stops the walk where no prefix continues, and only where a prefix may end is
/// the prefix table probed. A token that is a word of the rules needs no walk: the prefixes that start
/// each word are listed when the rule set is compiled.
/// </summary>
internal sealed class TermLookup
{
    private readonly TermKeyTable _words;
    private readonly TermKeyTable _prefixes;
    private readonly TermHashFilter _prefixStarts;

    // The prefix term ids of word w (by index in _words) are _wordPrefixes[_wordPrefixStart[w]] to before _wordPrefixStart[w + 1].
    private readonly int[] _wordPrefixStart;
    private readonly int[] _wordPrefixes;

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
        _wordPrefixStart = new int[_words.Count + 1];
        var wordPrefixes = new List<int>();
        var w = 0;
        foreach (var word in _words.Keys)
        {
            for (var length = RuleParser.MinPrefixLength; length <= word.Length; length++)
            {
                if (prefixes.TryGetValue(word[..length], out var prefix))
                {
                    wordPrefixes.Add(prefix);
                }
            }

            _wordPrefixStart[++w] = wordPrefixes.Count;
        }

        _wordPrefixes = [.. wordPrefixes];
    }

    public bool HasPrefixes => _prefixes.Count > 0;

    /// <param name="words">Each word with its term id.</param>
    /// <param name="prefixes">Each prefix (without its '*') with its term id.</param>
    public static TermLookup Create(IReadOnlyDictionary<string, int> words, IReadOnlyDictionary<string, int> prefixes) => new(words, prefixes);

    /// <summary>The index of the word <paramref name="token"/>, whose <see cref="TokenHash"/> is <paramref name="hash"/>, or -1.</summary>
    public int FindWord(string token, int hash) => _words.Find(token, hash);

    /// <summary>The term id of the word at <paramref name="word"/> (an index from <see cref="FindWord"/>).</summary>
    public int WordTerm(int word) => _words.Term(word);

    /// <summary>The prefix term ids of the prefixes that start the word at <paramref name="word"/>, shortest first.</summary>
    public ReadOnlySpan<int> WordPrefixes(int word) =>
        _wordPrefixes.AsSpan(_wordPrefixStart[word], _wordPrefixStart[word + 1] - _wordPrefixStart[word]);

    /// <summary>
    /// Whether some prefix may start with the token start whose hash is <paramref name="startHash"/> (false:
    /// certainly none does, so no longer start of the token can be a prefix either).
    /// </summary>
    public bool MayStartPrefix(int startHash) => _prefixStarts.MayContain(startHash);

    /// <summary>The term id of the prefix <paramref name="start"/>, whose hash is <paramref name="hash"/>, or -1.</summary>
    public int FindPrefix(ReadOnlySpan<char> start, int hash)
    {
        var index = _prefixes.Find(start, hash);
        return index < 0 ? -1 : _prefixes.Term(index);
    }
}
