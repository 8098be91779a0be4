using System.Text.RegularExpressions;
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
    public static CompiledRule Compile(RuleDefinition rule) => Compile(rule, RegexLimits.MatchTimeout);

    /// <summary>Compiles with another regex match timeout (tests make one time out).</summary>
    internal static CompiledRule Compile(RuleDefinition rule, TimeSpan regexMatchTimeout)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parsed = RuleParser.Parse(rule.Expression, regexMatchTimeout);
        if (!parsed.IsSuccess)
        {
            throw new RuleCompileException(rule.Name, parsed.Error);
        }

        return new CompiledRule(rule, parsed.Expression);
    }

    /// <summary>Whether the rule matches; false when one of its regular expressions timed out on the item.</summary>
    public bool IsMatch(TokenizedItem item) => Match(item, out _) is not null;

    public RuleMatch? Match(FeedItem item) => Match(ItemTokenizer.Tokenize(item), out _);

    /// <inheritdoc cref="Match(TokenizedItem, out bool)"/>
    public RuleMatch? Match(TokenizedItem item) => Match(item, out _);

    /// <summary>
    /// The match, or null when the rule does not match. Its hits are worked out when first read. A regular
    /// expression that runs past its timeout makes the rule not match the item, with <paramref name="timedOut"/> set.
    /// </summary>
    public RuleMatch? Match(TokenizedItem item, out bool timedOut)
    {
        ArgumentNullException.ThrowIfNull(item);
        timedOut = false;
        try
        {
            return ExpressionEvaluator.IsMatch(Expression, item) ? new RuleMatch(Definition.Name, new LazyTermHits(Expression, item)) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return null;
        }
    }
}
