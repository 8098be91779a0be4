namespace PolicyWatchBot.Core.Rules;

/// <summary>What is legal in a rule but probably not what its author meant, as one line to show with the reply.</summary>
public static class RuleWarnings
{
    public const string OnlyNegations = "this rule is made only of negations, so it matches almost every item; add a term it must contain, e.g. export NOT china";

    /// <summary>The warning for <paramref name="expression"/>, or null when there is nothing to say.</summary>
    public static string? For(RuleNode expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return HasRequiredTerm(expression, negated: false) ? null : OnlyNegations;
    }

    /// <summary>Whether some term counts for a match rather than against it (it is under an even number of NOTs).</summary>
    private static bool HasRequiredTerm(RuleNode node, bool negated) => node switch
    {
        NotNode not => HasRequiredTerm(not.Operand, !negated),
        AndNode and => and.Operands.Any(o => HasRequiredTerm(o, negated)),
        OrNode or => or.Operands.Any(o => HasRequiredTerm(o, negated)),
        FieldNode field => HasRequiredTerm(field.Operand, negated),
        _ => !negated,
    };
}
