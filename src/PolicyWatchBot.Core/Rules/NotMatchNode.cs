namespace PolicyWatchBot.Core.Rules;

internal sealed class NotMatchNode(MatchNode operand) : MatchNode
{
    public override bool Evaluate(MatchContext context) => !operand.Evaluate(context);

    public override void CollectHits(MatchContext context, List<TermHit> hits)
    {
        // A negated term that holds contributed by being absent: there is nothing to show.
    }
}
