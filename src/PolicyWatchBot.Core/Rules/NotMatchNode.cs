namespace PolicyWatchBot.Core.Rules;

internal sealed class NotMatchNode(MatchNode operand) : MatchNode
{
    public override bool Evaluate(MatchContext context) => !operand.Evaluate(context);
}
