namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The matches of one item: the indices of the rules that matched, with each <see cref="RuleMatch"/> made
/// on first read (and then kept, so reading twice gives the same object). Matching thus allocates one list
/// whatever the number of matches. Thread-safe.
/// </summary>
internal sealed class RuleMatchList(RuleSet rules, TokenizedItem item, int[] ruleIndices) : IReadOnlyList<RuleMatch>
{
    private RuleMatch?[]? _matches;

    public int Count => ruleIndices.Length;

    public RuleMatch this[int index]
    {
        get
        {
            var rule = ruleIndices[index];
            var matches = Volatile.Read(ref _matches);
            if (matches is null)
            {
                Interlocked.CompareExchange(ref _matches, new RuleMatch?[ruleIndices.Length], null);
                matches = _matches;
            }

            return Volatile.Read(ref matches[index])
                ?? Interlocked.CompareExchange(ref matches[index], rules.CreateMatch(rule, item), null)
                ?? matches[index]!;
        }
    }

    public IEnumerator<RuleMatch> GetEnumerator()
    {
        for (var i = 0; i < ruleIndices.Length; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
