using System.Diagnostics.CodeAnalysis;

namespace PolicyWatchBot.Core.Rules;

/// <summary>The outcome of <see cref="RuleParser.Parse"/>: an expression tree, or an error with its column.</summary>
public sealed class RuleParseResult
{
    private RuleParseResult(RuleNode? expression, RuleParseError? error)
    {
        Expression = expression;
        Error = error;
    }

    public RuleNode? Expression { get; }

    public RuleParseError? Error { get; }

    [MemberNotNullWhen(true, nameof(Expression))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Expression is not null;

    public static RuleParseResult Success(RuleNode expression) => new(expression, null);

    public static RuleParseResult Failure(int column, string message) => new(null, new RuleParseError(column, message));

    public override string ToString() => IsSuccess ? Expression.ToString() : Error.Text;
}
