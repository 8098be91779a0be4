namespace PolicyWatchBot.Core.Rules;

/// <summary>A leaf with token positions (word, prefix, phrase): it can be an operand of NEAR.</summary>
internal abstract class SpanMatchNode(string term, int scope) : MatchNode
{
    public string Term { get; } = term;

    /// <summary>The <see cref="FieldScope"/> mask of values this leaf searches.</summary>
    public int Scope { get; } = scope;

    public abstract void AddSpans(MatchContext context, List<MatchSpan> spans);

    public sealed override void CollectHits(MatchContext context, List<TermHit> hits)
    {
        var spans = context.LeftSpans;
        spans.Clear();
        AddSpans(context, spans);
        foreach (var span in spans)
        {
            hits.Add(ToHit(context, span));
        }

        spans.Clear();
    }

    public static TermHit ToHit(MatchContext context, MatchSpan span)
    {
        var value = context.Values[span.Value];
        return new TermHit(value.Field, value.Index, span.Source.Term, span.Start, span.Length);
    }
}
