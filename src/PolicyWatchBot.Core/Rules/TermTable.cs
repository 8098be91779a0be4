namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The one term table of a <see cref="RuleSet"/>: open addressing over <see cref="TokenHash"/>es, kept at
/// most a quarter full so that a token that is no term (most of them) costs one probe and no hashing.
/// </summary>
internal sealed class TermTable
{
    private int[] _hashes = new int[64];
    private TermEntry?[] _entries = new TermEntry?[64];
    private int _shift = 32 - 6;
    private int _count;

    /// <summary>Fibonacci hashing: the high bits of the product depend on every bit of the FNV hash, whose low bits are weak.</summary>
    private int Slot(int hash) => (int)(((uint)hash * 0x9E3779B9u) >> _shift);

    public TermEntry GetOrAdd(string key)
    {
        var hash = TokenHash.Compute(key);
        if (Find(key, hash) is { } existing)
        {
            return existing;
        }

        if ((_count + 1) * 4 > _entries.Length)
        {
            Grow();
        }

        var entry = new TermEntry(key, hash);
        Insert(entry);
        _count++;
        return entry;
    }

    public TermEntry? Find(string token, int hash)
    {
        var mask = _entries.Length - 1;
        var i = Slot(hash);
        while (true)
        {
            var entry = _entries[i];
            if (entry is null)
            {
                return null;
            }

            if (_hashes[i] == hash && string.Equals(entry.Key, token, StringComparison.Ordinal))
            {
                return entry;
            }

            i = (i + 1) & mask;
        }
    }

    public TermEntry? Find(ReadOnlySpan<char> key, int hash)
    {
        var mask = _entries.Length - 1;
        var i = Slot(hash);
        while (true)
        {
            var entry = _entries[i];
            if (entry is null)
            {
                return null;
            }

            if (_hashes[i] == hash && key.SequenceEqual(entry.Key))
            {
                return entry;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        var old = _entries;
        _hashes = new int[old.Length * 2];
        _entries = new TermEntry?[old.Length * 2];
        _shift--;
        foreach (var entry in old)
        {
            if (entry is not null)
            {
                Insert(entry);
            }
        }
    }

    private void Insert(TermEntry entry)
    {
        var mask = _entries.Length - 1;
        var i = Slot(entry.Hash);
        while (_entries[i] is not null)
        {
            i = (i + 1) & mask;
        }

        _entries[i] = entry;
        _hashes[i] = entry.Hash;
    }
}
