namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// A set of <see cref="TokenHash"/>es as one bit each in a bitmap of at least sixteen bits per hash: no false
/// negatives, about one false positive in sixteen, and small enough to stay in the processor's caches.
/// </summary>
internal sealed class TermHashFilter
{
    private readonly ulong[] _bits;
    private readonly int _shift;

    public TermHashFilter(IEnumerable<int> hashes, int count)
    {
        var bits = Math.Max(6, Log2Ceiling(count * 16));
        _bits = new ulong[1 << (bits - 6)];
        _shift = 32 - bits;
        foreach (var hash in hashes)
        {
            var bit = (int)(Mix(hash) >> _shift);
            _bits[bit >> 6] |= 1UL << bit;
        }
    }

    /// <summary>Fibonacci hashing: the high bits of the product depend on every bit of the FNV hash, whose low bits are weak.</summary>
    public static uint Mix(int hash) => (uint)hash * 0x9E3779B9u;

    public static int Log2Ceiling(int n) => n <= 1 ? 0 : 32 - int.LeadingZeroCount(n - 1);

    public bool MayContain(int hash)
    {
        var bit = (int)(Mix(hash) >> _shift);
        return (_bits[bit >> 6] & (1UL << bit)) != 0;
    }
}
