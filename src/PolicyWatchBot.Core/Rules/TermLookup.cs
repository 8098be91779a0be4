namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The frozen term table of a <see cref="RuleSet"/>, laid out in flat arrays so that looking up a token
/// touches few cache lines. Words: open addressing over <see cref="TokenHash"/>es at most half full, behind
/// a bit filter that turns most tokens that are no term away after one read; keys are compared in one
/// character pool. Prefixes: one character trie of all prefixes, entered at depth three (the shortest
/// prefix) through a direct table for stems of ASCII letters and digits, or walked from the root otherwise.
/// </summary>
internal sealed class TermLookup
{
    private const int StemAlphabet = 36;
    private static readonly sbyte[] StemIndex = CreateStemIndex();

    private readonly ulong[] _filter;
    private readonly int _filterShift;
    private readonly long[] _slots;
    private readonly int _slotShift;
    private readonly char[] _chars;
    private readonly int[] _keyStart;
    private readonly int[] _keyTerm;

    // Node n: _nodes[2n] is its first edge in _edges, _nodes[2n + 2] the end of its edges, _nodes[2n + 1]
    // its prefix term id or -1. Edge e: _edges[2e] is the character and _edges[2e + 1] the child node.
    private readonly int[] _nodes;
    private readonly int[] _edges;
    private readonly int[] _stems;

    private TermLookup(IReadOnlyDictionary<string, int> words, PrefixTrieNode root)
    {
        var filterBits = Math.Max(6, Log2Ceiling(words.Count * 16));
        _filter = new ulong[1 << (filterBits - 6)];
        _filterShift = 32 - filterBits;
        var slotBits = Math.Max(2, Log2Ceiling(words.Count * 2));
        _slots = new long[1 << slotBits];
        _slotShift = 32 - slotBits;
        _keyStart = new int[words.Count + 1];
        _keyTerm = new int[words.Count];
        _chars = new char[words.Keys.Sum(k => k.Length)];
        var key = 0;
        foreach (var (word, term) in words.OrderBy(p => p.Value))
        {
            word.CopyTo(_chars.AsSpan(_keyStart[key]));
            _keyStart[key + 1] = _keyStart[key] + word.Length;
            _keyTerm[key] = term;
            var hash = TokenHash.Compute(word);
            var mixed = Mix(hash);
            _filter[(int)(mixed >> _filterShift) >> 6] |= 1UL << (int)(mixed >> _filterShift);
            var mask = _slots.Length - 1;
            var i = (int)(mixed >> _slotShift);
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = ((long)hash << 32) | (uint)(key + 1);
            key++;
        }

        (_nodes, _edges) = Flatten(root);
        _stems = HasPrefixes ? new int[StemAlphabet * StemAlphabet * StemAlphabet] : [];
        for (var n = 0; n < _stems.Length; n++)
        {
            var node = 0;
            foreach (var c in StemCharacters(n))
            {
                node = node < 0 ? -1 : Child(node, c);
            }

            _stems[n] = Math.Max(node, 0);
        }
    }

    public bool HasPrefixes => _edges.Length > 0;

    public static TermLookup Create(IReadOnlyDictionary<string, int> words, PrefixTrieNode prefixes) => new(words, prefixes);

    /// <summary>The term id of the word <paramref name="token"/>, whose <see cref="TokenHash"/> is <paramref name="hash"/>, or -1.</summary>
    public int FindWord(string token, int hash)
    {
        var mixed = Mix(hash);
        var bit = (int)(mixed >> _filterShift);
        if ((_filter[bit >> 6] & (1UL << bit)) == 0)
        {
            return -1;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = (int)(mixed >> _slotShift); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                return -1;
            }

            if ((int)(slot >> 32) == hash)
            {
                var key = (int)slot - 1;
                var start = _keyStart[key];
                if (token.Length == _keyStart[key + 1] - start && token.AsSpan().SequenceEqual(_chars.AsSpan(start, token.Length)))
                {
                    return _keyTerm[key];
                }
            }
        }
    }

    /// <summary>The trie node of the first <see cref="RuleParser.MinPrefixLength"/> characters of <paramref name="token"/>, or -1 when no prefix starts so.</summary>
    public int StemNode(string token)
    {
        int a = token[0], b = token[1], c = token[2];
        if ((a | b | c) < StemIndex.Length)
        {
            int x = StemIndex[a];
            int y = StemIndex[b];
            int z = StemIndex[c];
            if ((x | y | z) >= 0)
            {
                var node = _stems[((x * StemAlphabet) + y) * StemAlphabet + z];
                return node == 0 ? -1 : node;
            }
        }

        var n = Child(0, token[0]);
        n = n < 0 ? -1 : Child(n, token[1]);
        return n < 0 ? -1 : Child(n, token[2]);
    }

    /// <summary>The prefix term id ending at <paramref name="node"/>, or -1.</summary>
    public int PrefixTerm(int node) => _nodes[(2 * node) + 1];

    /// <summary>The child of <paramref name="node"/> along <paramref name="c"/>, or -1.</summary>
    public int Child(int node, char c)
    {
        var edges = _edges;
        for (int e = _nodes[2 * node], end = _nodes[(2 * node) + 2]; e < end; e += 2)
        {
            if (edges[e] == c)
            {
                return edges[e + 1];
            }
        }

        return -1;
    }

    /// <summary>Fibonacci hashing: the high bits of the product depend on every bit of the FNV hash, whose low bits are weak.</summary>
    private static uint Mix(int hash) => (uint)hash * 0x9E3779B9u;

    private static int Log2Ceiling(int n) => n <= 1 ? 0 : 32 - int.LeadingZeroCount(n - 1);

    /// <summary>Numbers the trie's nodes breadth first and lays out each node's edges together.</summary>
    private static (int[] Nodes, int[] Edges) Flatten(PrefixTrieNode root)
    {
        var order = new List<PrefixTrieNode> { root };
        var nodes = new List<int>();
        var edges = new List<int>();
        for (var n = 0; n < order.Count; n++)
        {
            var node = order[n];
            nodes.Add(edges.Count);
            nodes.Add(node.PrefixId);
            for (var i = 0; i < node.Keys.Count; i++)
            {
                edges.Add(node.Keys[i]);
                edges.Add(order.Count);
                order.Add(node.Children[i]);
            }
        }

        nodes.Add(edges.Count);
        return ([.. nodes], [.. edges]);
    }

    private static IEnumerable<char> StemCharacters(int stem)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        yield return Alphabet[stem / (StemAlphabet * StemAlphabet)];
        yield return Alphabet[stem / StemAlphabet % StemAlphabet];
        yield return Alphabet[stem % StemAlphabet];
    }

    private static sbyte[] CreateStemIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var c = 'a'; c <= 'z'; c++)
        {
            index[c] = (sbyte)(c - 'a');
        }

        for (var c = '0'; c <= '9'; c++)
        {
            index[c] = (sbyte)(c - '0' + 26);
        }

        return index;
    }
}
