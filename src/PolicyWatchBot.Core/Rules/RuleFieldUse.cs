namespace PolicyWatchBot.Core.Rules;

/// <summary>Which fields a parsed expression names, so a reader fetches only the values it can search (a document's full text is large).</summary>
public static class RuleFieldUse
{
    /// <summary>Whether some part of <paramref name="expression"/> is scoped to <paramref name="field"/> (<c>body:"Entity List"</c>).</summary>
    public static bool Names(RuleNode expression, RuleField field)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression switch
        {
            FieldNode scoped => scoped.Field == field || Names(scoped.Operand, field),
            NotNode not => Names(not.Operand, field),
            AndNode and => and.Operands.Any(o => Names(o, field)),
            OrNode or => or.Operands.Any(o => Names(o, field)),
            NearNode near => Names(near.Left, field) || Names(near.Right, field),
            _ => false,
        };
    }
}
