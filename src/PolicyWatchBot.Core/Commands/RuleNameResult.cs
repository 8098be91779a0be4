using System.Diagnostics.CodeAnalysis;

namespace PolicyWatchBot.Core.Commands;

/// <summary>The outcome of <see cref="RuleName.Validate"/>: the stored (lower-case) name, or why it is refused.</summary>
public sealed record RuleNameResult(string? Name, string? Error)
{
    [MemberNotNullWhen(true, nameof(Name))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Name is not null;

    public static RuleNameResult Valid(string name) => new(name, null);

    public static RuleNameResult Invalid(string error) => new(null, error);
}
