using System.Globalization;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// <c>rule add|edit NAME EXPRESSION</c>, <c>rule remove NAME</c> and <c>rule test [--days N] EXPRESSION</c>.
/// Expressions are passed through untouched (docs/rules.md is the rule parser's business).
/// </summary>
internal static class RuleCommandParser
{
    public const string MissingSubVerb = "'rule' needs add, edit, remove, urgent, notify or test; to list this channel's rules, use 'rules'";

    // Slack and macOS turn a typed "--" into a dash; they mean the option all the same.
    private static readonly string[] UrgentOptions = ["--urgent", "\u2014urgent", "\u2013urgent"];

    private static readonly string[] DaysOptions = ["--days", "\u2014days", "\u2013days"];

    private static readonly string DaysLimit = ChatCommand.RuleTest.MaxDays.ToString(CultureInfo.InvariantCulture);

    public static CommandParseResult Parse(CommandReader reader, string typedRule)
    {
        var sub = reader.NextWord();
        if (sub is null)
        {
            return CommandParser.Invalid("rule add", MissingSubVerb);
        }

        return sub.ToLowerInvariant() switch
        {
            "add" => ParseDefinition(reader, "rule add", (name, expression, urgent) => new ChatCommand.RuleAdd(name, expression, urgent)),
            "edit" => ParseDefinition(reader, "rule edit", (name, expression, _) => new ChatCommand.RuleEdit(name, expression)),
            "urgent" => ParseUrgent(reader),
            "notify" => ParseNotify(reader),
            "remove" => ParseRemove(reader),
            "test" => ParseTest(reader),
            _ => CommandParser.UnknownVerb(typedRule, sub),
        };
    }

    private static CommandParseResult ParseDefinition(CommandReader reader, string verb, Func<string, string, bool, ChatCommand> create)
    {
        // rule add takes --urgent before or after the name.
        var urgent = verb == "rule add" && reader.PeekWord() is { } before && IsUrgentOption(before) && reader.NextWord() is not null;
        if (reader.NextName() is not { } typed)
        {
            return CommandParser.Invalid(verb, $"'{verb}' needs a rule name and an expression");
        }

        var name = RuleName.Validate(typed);
        if (!name.IsValid)
        {
            return CommandParser.Invalid(verb, name.Error);
        }

        if (verb == "rule add" && reader.PeekWord() is { } after && IsUrgentOption(after))
        {
            reader.NextWord();
            urgent = true;
        }

        var expression = reader.Rest();
        return expression.Length == 0
            ? CommandParser.Invalid(verb, $"'{verb}' needs an expression after the rule name '{name.Name}'")
            : CommandParser.Success(create(name.Name, expression, urgent));
    }

    private static CommandParseResult ParseUrgent(CommandReader reader)
    {
        var (name, error) = ReadName(reader, "rule urgent");
        if (error is not null)
        {
            return error;
        }

        var state = reader.NextWord();
        bool? on = state?.ToLowerInvariant() switch
        {
            "on" or "yes" or "true" => true,
            "off" or "no" or "false" => false,
            _ => null,
        };
        if (on is null)
        {
            return CommandParser.Invalid("rule urgent", state is null
                ? $"'rule urgent' needs on or off after the rule name '{name}'"
                : $"'{CommandParser.Echo(state)}' is not on or off");
        }

        return reader.NextWord() is { } extra
            ? CommandParser.Invalid("rule urgent", $"'rule urgent' takes a rule name and on or off (got '{CommandParser.Echo(extra)}' after them)")
            : CommandParser.Success(new ChatCommand.RuleUrgent(name, on.Value));
    }

    private static CommandParseResult ParseNotify(CommandReader reader)
    {
        var (name, error) = ReadName(reader, "rule notify");
        if (error is not null)
        {
            return error;
        }

        var mention = reader.Rest();
        if (mention.Length == 0)
        {
            return CommandParser.Invalid("rule notify", $"'rule notify' needs a user group or user to ping after the rule name '{name}', or off");
        }

        if (mention.Any(char.IsWhiteSpace))
        {
            return CommandParser.Invalid("rule notify", "'rule notify' takes one user group or user; to ping several people, use a group");
        }

        return CommandParser.Success(new ChatCommand.RuleNotify(name, string.Equals(mention, "off", StringComparison.OrdinalIgnoreCase) ? null : mention));
    }

    /// <summary>Reads and checks a rule name: the name, or the refusal.</summary>
    private static (string Name, CommandParseResult? Error) ReadName(CommandReader reader, string verb)
    {
        if (reader.NextName() is not { } typed)
        {
            return ("", CommandParser.Invalid(verb, $"'{verb}' needs a rule name"));
        }

        var name = RuleName.Validate(typed);
        return name.IsValid ? (name.Name, null) : ("", CommandParser.Invalid(verb, name.Error));
    }

    private static bool IsUrgentOption(string word) => UrgentOptions.Contains(word, StringComparer.OrdinalIgnoreCase);

    private static CommandParseResult ParseRemove(CommandReader reader)
    {
        if (reader.NextName() is not { } typed)
        {
            return CommandParser.Invalid("rule remove", "'rule remove' needs a rule name");
        }

        var name = RuleName.Validate(typed);
        if (!name.IsValid)
        {
            return CommandParser.Invalid("rule remove", name.Error);
        }

        return reader.NextWord() is { } extra
            ? CommandParser.Invalid("rule remove", $"'rule remove' takes one rule name (got '{CommandParser.Echo(extra)}' after '{name.Name}')")
            : CommandParser.Success(new ChatCommand.RuleRemove(name.Name));
    }

    private static CommandParseResult ParseTest(CommandReader reader)
    {
        int? days = null;
        while (reader.PeekWord() is { } option && (IsDaysOption(option) || IsOption(option)))
        {
            reader.NextWord();
            if (!IsDaysOption(option))
            {
                return CommandParser.Invalid("rule test", $"unknown option '{CommandParser.Echo(option)}'; the only option of 'rule test' is --days N");
            }

            if (days is not null)
            {
                return CommandParser.Invalid("rule test", "--days is given twice");
            }

            var value = reader.NextWord();
            if (value is null)
            {
                return CommandParser.Invalid("rule test", $"--days needs a number of days from 1 to {DaysLimit}");
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > ChatCommand.RuleTest.MaxDays)
            {
                return CommandParser.Invalid("rule test", $"--days must be a whole number of days from 1 to {DaysLimit}, not '{CommandParser.Echo(value)}'");
            }

            days = parsed;
        }

        var expression = reader.Rest();
        return expression.Length == 0
            ? CommandParser.Invalid("rule test", "'rule test' needs an expression to test")
            : CommandParser.Success(new ChatCommand.RuleTest(days ?? ChatCommand.RuleTest.DefaultDays, expression));
    }

    private static bool IsDaysOption(string word) => DaysOptions.Contains(word, StringComparer.OrdinalIgnoreCase);

    /// <summary>An option-looking word (<c>--weeks</c>); a single <c>-</c> starts a negated expression.</summary>
    private static bool IsOption(string word) => word.Length > 2 && word.StartsWith("--", StringComparison.Ordinal) && char.IsLetter(word[2]);
}
