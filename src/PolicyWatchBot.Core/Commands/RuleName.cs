using System.Text;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// Rule names: 1 to 40 letters, digits, <c>-</c> and <c>_</c>, starting with a letter or digit,
/// stored lower-case (NFC). Typed text and Discord options both go through <see cref="Validate"/>.
/// </summary>
public static class RuleName
{
    public const int MaxLength = 40;

    private const string Allowed = "rule names are 1 to 40 letters, digits, '-' and '_', starting with a letter or digit";
    private const string Quotes = "\"'\u201C\u201D\u2018\u2019";
    private const int EchoLength = 40;

    /// <summary>The stored form of a valid name (<c>AI-Chips</c> → <c>ai-chips</c>), or null when it is not valid.</summary>
    public static string? Normalize(string typed) => Validate(typed).Name;

    /// <summary>The stored form of the name, or a one-line error that says how to fix it.</summary>
    public static RuleNameResult Validate(string? typed)
    {
        var text = (typed ?? "").Trim();
        var quoted = text.Length >= 2 && Quotes.Contains(text[0], StringComparison.Ordinal) && Quotes.Contains(text[^1], StringComparison.Ordinal);
        if (quoted)
        {
            text = text[1..^1].Trim();
        }

        if (text.Length == 0)
        {
            return RuleNameResult.Invalid("a rule name is missing; " + Allowed);
        }

        text = WellFormedText.Of(text);
        if (text.Any(char.IsSurrogate))
        {
            return RuleNameResult.Invalid("the rule name contains a symbol; " + Allowed);
        }

        text = text.Normalize(NormalizationForm.FormC);
        if (text.Any(char.IsWhiteSpace))
        {
            var joined = string.Join('-', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return RuleNameResult.Invalid(Check(joined) is null
                ? $"rule names cannot contain spaces: use {Lower(joined)}"
                : "rule names cannot contain spaces; " + Allowed);
        }

        if (Check(text) is { } problem)
        {
            return RuleNameResult.Invalid(problem);
        }

        return quoted
            ? RuleNameResult.Invalid($"rule names are written without quotes: use {Lower(text)}")
            : RuleNameResult.Valid(Lower(text));
    }

    private static string? Check(string name)
    {
        if (name.Length > MaxLength)
        {
            return $"the rule name '{name[..EchoLength]}…' is {name.Length} characters long; the limit is {MaxLength}";
        }

        if (!IsLetterOrDigit(name[0]))
        {
            return $"the rule name '{name}' starts with '{name[0]}'; " + Allowed;
        }

        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return $"the rule name '{name}' contains '{c}'; " + Allowed;
            }
        }

        return null;
    }

    private static bool IsLetterOrDigit(char c) => char.IsLetter(c) || char.IsDigit(c);

    private static string Lower(string name) => name.ToLowerInvariant();
}
