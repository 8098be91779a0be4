namespace PolicyWatchBot.Core.Rules;

/// <summary>Why an expression was refused: the 1-based column and what was expected there.</summary>
public sealed record RuleParseError(int Column, string Message)
{
    /// <summary>The one-line error text, e.g. <c>column 17: expected ')' to close '(' at column 3</c>.</summary>
    public string Text => $"column {Column}: {Message}";

    public override string ToString() => Text;
}
