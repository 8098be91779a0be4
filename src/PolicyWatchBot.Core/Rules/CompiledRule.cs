using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// One rule, parsed and evaluated on its own, term by term: for backtests and previews of a single
/// expression. To match many rules against many items use <see cref="RuleSet"/>, which agrees with it.
/// </summary>
public sealed class CompiledRule
{
    private CompiledRule(RuleDefinition definition, RuleNode expression)
    {
        Definition = definition;
        Expression = expression;
    }

    public RuleDefinition Definition { get; }

    public RuleNode Expression { get; }

    /// <exception cref="RuleCompileException">The expression does not parse.</exception>
    public static CompiledRule Compile(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parsed = RuleParser.Parse(rule.Expression);
        if (!parsed.IsSuccess)
        {
            throw new RuleCompileException(rule.Name, parsed.Error);
        }

        return new CompiledRule(rule, parsed.Expression);
    }

    public bool IsMatch(TokenizedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ExpressionEvaluator.IsMatch(Expression, item);
    }

    public RuleMatch? Match(FeedItem item) => Match(ItemTokenizer.Tokenize(item));

    /// <summary>The match, or null when the rule does not match. Its hits are worked out when first read.</summary>
    public RuleMatch? Match(TokenizedItem item)
    {
        return IsMatch(item) ? new RuleMatch(Definition.Name, new LazyTermHits(Expression, item)) : null;
    }
}
