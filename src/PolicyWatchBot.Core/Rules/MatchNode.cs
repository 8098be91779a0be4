namespace PolicyWatchBot.Core.Rules;

/// <summary>A node of a rule compiled against a <see cref="RuleSet"/>'s term ids; field scopes are already pushed down to the leaves.</summary>
internal abstract class MatchNode
{
    public abstract bool Evaluate(MatchContext context);

    /// <summary>Adds the hits of this node, which evaluated to true, to <paramref name="hits"/>.</summary>
    public abstract void CollectHits(MatchContext context, List<TermHit> hits);
}
