namespace PolicyWatchBot.Core.Rules;

/// <summary>A word or a prefix: true when its term id occurred in a value in scope.</summary>
internal sealed class TokenTermMatchNode(int termId, int scope) : SpanMatchNode(scope)
{
    public int TermId { get; } = termId;

    public override bool Evaluate(MatchContext context) => (context.TermMask(TermId) & Scope) != 0;

    public override void AddSpans(MatchContext context, List<MatchSpan> spans)
    {
        if ((context.TermMask(TermId) & Scope) == 0)
        {
            return;
        }

        for (var o = context.FirstOccurrence(TermId); o >= 0; o = context.NextOccurrence(o))
        {
            var value = context.OccurrenceValue(o);
            if ((context.ValueBit[value] & Scope) != 0)
            {
                spans.Add(new MatchSpan(value, context.OccurrencePosition(o), 1));
            }
        }
    }
}
