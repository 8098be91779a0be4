namespace PolicyWatchBot.Core.Rules;

internal sealed class OrMatchNode(MatchNode[] operands) : MatchNode
{
    public override bool Evaluate(MatchContext context)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(context))
            {
                return true;
            }
        }

        return false;
    }

    public override void CollectHits(MatchContext context, List<TermHit> hits)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(context))
            {
                operand.CollectHits(context, hits);
            }
        }
    }
}
