using System.Collections;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The hits of a rule that matched, worked out on first access from the rule's expression and the tokenized
/// item. Matching stays cheap (most matches of a poll only need the rule name to decide on an alert), and
/// the hits are those of <see cref="CompiledRule"/>, the reference evaluator. Thread-safe.
/// </summary>
internal sealed class LazyTermHits(RuleNode expression, TokenizedItem item) : IReadOnlyList<TermHit>
{
    private TermHit[]? _hits;

    public int Count => Hits.Length;

    private TermHit[] Hits => Volatile.Read(ref _hits) ?? Collect();

    public TermHit this[int index] => Hits[index];

    public IEnumerator<TermHit> GetEnumerator() => ((IEnumerable<TermHit>)Hits).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private TermHit[] Collect()
    {
        var hits = new List<TermHit>();
        ExpressionEvaluator.CollectHits(expression, item, hits);
        Interlocked.CompareExchange(ref _hits, HitOrder.SortDistinct(hits), null);
        return _hits!;
    }
}
