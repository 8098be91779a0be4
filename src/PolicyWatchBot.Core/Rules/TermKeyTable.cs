namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Frozen keys (words, or prefixes) with a term id each, for <see cref="TermLookup"/>: open addressing over
/// <see cref="TokenHash"/>es at most two thirds full, behind a bit filter that turns most other tokens away after
/// one read, with the keys compared in one character pool.
/// </summary>
internal sealed class TermKeyTable
{
    private readonly TermHashFilter _filter;
    private readonly long[] _slots;
    private readonly int _slotShift;
    private readonly char[] _chars;
    private readonly int[] _keyStart;
    private readonly int[] _keyTerm;

    public TermKeyTable(IReadOnlyCollection<KeyValuePair<string, int>> keys)
    {
        _filter = new TermHashFilter(keys.Select(k => TokenHash.Compute(k.Key)), keys.Count);
        var slotBits = Math.Max(2, TermHashFilter.Log2Ceiling(((keys.Count * 3) + 1) / 2));
        _slots = new long[1 << slotBits];
        _slotShift = 32 - slotBits;
        _keyStart = new int[keys.Count + 1];
        _keyTerm = new int[keys.Count];
        _chars = new char[keys.Sum(k => k.Key.Length)];
        var index = 0;
        foreach (var (key, term) in keys.OrderBy(p => p.Value))
        {
            key.CopyTo(_chars.AsSpan(_keyStart[index]));
            _keyStart[index + 1] = _keyStart[index] + key.Length;
            _keyTerm[index] = term;
            var hash = TokenHash.Compute(key);
            var mask = _slots.Length - 1;
            var i = (int)(TermHashFilter.Mix(hash) >> _slotShift);
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = ((long)hash << 32) | (uint)(index + 1);
            index++;
        }
    }

    public int Count => _keyTerm.Length;

    /// <summary>The keys, by index, in term id order.</summary>
    public IEnumerable<string> Keys => Enumerable.Range(0, Count).Select(i => new string(_chars, _keyStart[i], _keyStart[i + 1] - _keyStart[i]));

    /// <summary>The term id of the key at <paramref name="index"/>.</summary>
    public int Term(int index) => _keyTerm[index];

    /// <summary>The index of <paramref name="key"/>, whose <see cref="TokenHash"/> is <paramref name="hash"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> key, int hash)
    {
        if (!_filter.MayContain(hash))
        {
            return -1;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = (int)(TermHashFilter.Mix(hash) >> _slotShift); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                return -1;
            }

            if ((int)(slot >> 32) == hash)
            {
                var index = (int)slot - 1;
                var start = _keyStart[index];
                if (key.Length == _keyStart[index + 1] - start && key.SequenceEqual(_chars.AsSpan(start, key.Length)))
                {
                    return index;
                }
            }
        }
    }
}
