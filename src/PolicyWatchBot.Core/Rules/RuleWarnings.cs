namespace PolicyWatchBot.Core.Rules;

/// <summary>What is legal in a rule but probably not what its author meant, as one line to show with the reply.</summary>
public static class RuleWarnings
{
    public const string OnlyNegations = "this rule matches an item that has none of its words (a negation alone is enough), so it matches almost every item; add a term it must contain, e.g. export NOT china";

    /// <summary>The warning for <paramref name="expression"/>, or null when there is nothing to say.</summary>
    public static string? For(RuleNode expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return MatchesWithoutAnyTerm(expression) ? OnlyNegations : null;
    }

    /// <summary>
    /// Whether the rule matches an item in which none of its terms occur: then what it matches is
    /// decided by what an item lacks (NOT china, or a branch such as <c>export OR NOT china</c>).
    /// </summary>
    private static bool MatchesWithoutAnyTerm(RuleNode node) => node switch
    {
        NotNode not => !MatchesWithoutAnyTerm(not.Operand),
        AndNode and => and.Operands.All(MatchesWithoutAnyTerm),
        OrNode or => or.Operands.Any(MatchesWithoutAnyTerm),
        FieldNode field => MatchesWithoutAnyTerm(field.Operand),
        _ => false,
    };
}
