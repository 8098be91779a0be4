namespace PolicyWatchBot.Core.Rules;

/// <summary>Consecutive word term ids within one value in scope.</summary>
internal sealed class PhraseMatchNode(int[] termIds, int scope) : SpanMatchNode(scope)
{
    private readonly int[] _termIds = termIds;

    public IReadOnlyList<int> TermIds => _termIds;

    public override bool Evaluate(MatchContext context)
    {
        if (!AllWordsPresent(context))
        {
            return false;
        }

        for (var o = context.FirstOccurrence(_termIds[0]); o >= 0; o = context.NextOccurrence(o))
        {
            if (IsPhraseAt(context, o))
            {
                return true;
            }
        }

        return false;
    }

    public override void AddSpans(MatchContext context, List<MatchSpan> spans)
    {
        if (!AllWordsPresent(context))
        {
            return;
        }

        for (var o = context.FirstOccurrence(_termIds[0]); o >= 0; o = context.NextOccurrence(o))
        {
            if (IsPhraseAt(context, o))
            {
                spans.Add(new MatchSpan(context.OccurrenceValue(o), context.OccurrencePosition(o), _termIds.Length));
            }
        }
    }

    private bool AllWordsPresent(MatchContext context)
    {
        foreach (var id in _termIds)
        {
            if ((context.TermMask(id) & Scope) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsPhraseAt(MatchContext context, int occurrence)
    {
        var value = context.OccurrenceValue(occurrence);
        if ((context.ValueBit[value] & Scope) == 0)
        {
            return false;
        }

        var position = context.OccurrencePosition(occurrence);
        if (position + _termIds.Length > context.Values[value].TokenArray.Length)
        {
            return false;
        }

        var tokenTerm = context.TokenTerm;
        var start = context.ValueStart[value] + position;
        for (var i = 1; i < _termIds.Length; i++)
        {
            if (tokenTerm[start + i] != _termIds[i])
            {
                return false;
            }
        }

        return true;
    }
}
