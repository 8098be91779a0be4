namespace PolicyWatchBot.Core.Rules;

internal sealed class NotMatchNode(MatchNode operand) : MatchNode
{
    public MatchNode Operand => operand;

    public override bool Evaluate(MatchContext context) => !operand.Evaluate(context);
}
