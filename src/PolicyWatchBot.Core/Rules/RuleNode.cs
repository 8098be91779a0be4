using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// A node of a parsed rule expression. <see cref="Column"/> is the 1-based column where the node starts.
/// <see cref="ToString"/> gives a fully bracketed canonical form, e.g. <c>OR(NOT(a), b)</c>.
/// </summary>
public abstract record RuleNode(int Column);

/// <summary>A normalised word: some token equals it.</summary>
public sealed record WordNode(string Word, int Column) : RuleNode(Column)
{
    public override string ToString() => Word;
}

/// <summary>A normalised prefix (without <c>*</c>): some token starts with it.</summary>
public sealed record PrefixNode(string Prefix, int Column) : RuleNode(Column)
{
    public override string ToString() => Prefix + "*";
}

/// <summary>Normalised words that occur consecutively within one value.</summary>
public sealed record PhraseNode(IReadOnlyList<string> Words, int Column) : RuleNode(Column)
{
    public string Text => string.Join(' ', Words);

    public override string ToString() => "\"" + Text + "\"";
}

/// <summary>
/// A regular expression (non-backtracking, case-insensitive) over the raw text of each value. Building
/// one takes milliseconds, so the expression of a stored rule (<see cref="RuleParser.ParseStored"/>) is
/// built the first time it is matched: most rules are never candidates for any item of a poll.
/// </summary>
public sealed record RegexNode : RuleNode
{
    private readonly Lazy<Regex?> _regex;
    private readonly TimeSpan _matchTimeout;

    public RegexNode(string pattern, Regex regex, int column)
        : base(column)
    {
        ArgumentNullException.ThrowIfNull(regex);
        Pattern = pattern;
        _matchTimeout = regex.MatchTimeout;
        _regex = new Lazy<Regex?>(regex);
    }

    /// <summary>A regular expression built on first use.</summary>
    internal RegexNode(string pattern, TimeSpan matchTimeout, int column)
        : base(column)
    {
        Pattern = pattern;
        _matchTimeout = matchTimeout;
        _regex = new Lazy<Regex?>(() => Build(pattern, matchTimeout), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Pattern { get; }

    /// <summary>Whether the regular expression has been built (always, but for a stored rule's not matched yet).</summary>
    internal bool IsBuilt => _regex.IsValueCreated;

    /// <exception cref="RegexMatchTimeoutException">
    /// The stored pattern is one this engine no longer builds: like a match past its timeout, the rule
    /// cannot be decided, so it is reported and not matched (even under a NOT).
    /// </exception>
    public Regex Regex => _regex.Value ?? throw new RegexMatchTimeoutException(string.Empty, Pattern, _matchTimeout);

    public override string ToString() => "/" + Pattern + "/";

    private static Regex? Build(string pattern, TimeSpan matchTimeout)
    {
        try
        {
            return new Regex(pattern, RuleParser.RegexFlags, matchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

public sealed record NotNode(RuleNode Operand, int Column) : RuleNode(Column)
{
    public override string ToString() => $"NOT({Operand})";
}

public sealed record AndNode(IReadOnlyList<RuleNode> Operands, int Column) : RuleNode(Column)
{
    public override string ToString() => $"AND({string.Join(", ", Operands)})";
}

public sealed record OrNode(IReadOnlyList<RuleNode> Operands, int Column) : RuleNode(Column)
{
    public override string ToString() => $"OR({string.Join(", ", Operands)})";
}

/// <summary>Some token of <see cref="Left"/> and some token of <see cref="Right"/> are 1 to <see cref="Distance"/> positions apart in one value.</summary>
public sealed record NearNode(RuleNode Left, RuleNode Right, int Distance, int Column) : RuleNode(Column)
{
    public override string ToString() => $"NEAR/{Distance}({Left}, {Right})";
}

/// <summary><see cref="Operand"/> matched within <see cref="Field"/> only.</summary>
public sealed record FieldNode(RuleField Field, RuleNode Operand, int Column) : RuleNode(Column)
{
    public override string ToString() => $"{FieldScope.Name(Field)}:({Operand})";
}
