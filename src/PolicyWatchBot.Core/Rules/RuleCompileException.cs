namespace PolicyWatchBot.Core.Rules;

/// <summary>A rule handed to the compiler does not parse. Callers validate with <see cref="RuleParser.Parse"/> first.</summary>
public sealed class RuleCompileException : Exception
{
    public RuleCompileException(string ruleName, RuleParseError error)
        : base($"rule '{ruleName}': {error?.Text}")
    {
        ArgumentNullException.ThrowIfNull(error);
        RuleName = ruleName;
        Error = error;
    }

    public RuleCompileException()
        : this("", new RuleParseError(1, "no rule"))
    {
    }

    public RuleCompileException(string message)
        : this("", new RuleParseError(1, message))
    {
    }

    public RuleCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        RuleName = "";
        Error = new RuleParseError(1, message);
    }

    public string RuleName { get; }

    public RuleParseError Error { get; }

    public int Column => Error.Column;
}
