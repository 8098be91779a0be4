namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// A node of a rule compiled against a <see cref="RuleSet"/>'s term ids; field scopes are already pushed
/// down to the leaves. It only decides whether the rule matches: hits come from the expression tree.
/// </summary>
internal abstract class MatchNode
{
    public abstract bool Evaluate(MatchContext context);
}
