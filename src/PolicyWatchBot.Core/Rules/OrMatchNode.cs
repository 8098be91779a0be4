namespace PolicyWatchBot.Core.Rules;

internal sealed class OrMatchNode(MatchNode[] operands) : MatchNode
{
    public IReadOnlyList<MatchNode> Operands => operands;

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
}
