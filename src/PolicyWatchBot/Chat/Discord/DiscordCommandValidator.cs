using System.Text.RegularExpressions;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Discord's rules for a chat-input command, checked before registering so a bad definition fails
/// here with a clear message instead of as a 400: names (1–32, lower-case letters, digits, - _ '),
/// descriptions (1–100), at most 25 options or choices per level, known option types nested the
/// way Discord allows, required options first, and at most 8000 characters in all.
/// </summary>
internal static partial class DiscordCommandValidator
{
    public const int MaxNameLength = 32;
    public const int MaxDescriptionLength = 100;
    public const int MaxOptions = 25;
    public const int MaxChoices = 25;
    public const int MaxChoiceLength = 100;
    public const int MaxTotalLength = 8000;

    private const int MaxOptionType = 11;

    /// <summary>Every problem found, each naming the option's path; empty when the command is valid.</summary>
    public static List<string> Problems(DiscordCommandWire.Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        CheckNamed(problems, "/" + command.Name, command.Name, command.Description);
        CheckOptions(problems, "/" + command.Name, command.Options, level: 0);
        var total = TotalLength(command);
        if (total > MaxTotalLength)
        {
            problems.Add($"/{command.Name} has {total} characters of names, descriptions and values; the limit is {MaxTotalLength}");
        }

        return problems;
    }

    /// <summary>Characters Discord counts toward the 8000 limit: names, descriptions, choice names and values.</summary>
    public static int TotalLength(DiscordCommandWire.Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Name.Length + command.Description.Length + command.Options.Sum(OptionLength);
    }

    private static int OptionLength(DiscordCommandWire.CommandOption option) =>
        option.Name.Length + option.Description.Length
        + (option.Choices?.Sum(c => c.Name.Length + c.Value.Length) ?? 0)
        + (option.Options?.Sum(OptionLength) ?? 0);

    private static void CheckOptions(List<string> problems, string path, List<DiscordCommandWire.CommandOption>? options, int level)
    {
        if (options is null)
        {
            return;
        }

        if (options.Count > MaxOptions)
        {
            problems.Add($"{path} has {options.Count} options; the limit is {MaxOptions}");
        }

        foreach (var duplicate in options.GroupBy(o => o.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"{path} has two options named '{duplicate.Key}'");
        }

        var optionalSeen = false;
        foreach (var option in options)
        {
            var at = $"{path} {option.Name}";
            CheckNamed(problems, at, option.Name, option.Description);
            CheckType(problems, at, option, level);
            if (option.Required == true && optionalSeen)
            {
                problems.Add($"{at} is required but comes after an optional option");
            }

            optionalSeen |= option.Required != true && option.Type > DiscordCommandWire.SubCommandGroup;
            CheckChoices(problems, at, option);
            if (option.MinLength is < 0 or > 6000 || option.MaxLength is < 1 or > 6000)
            {
                problems.Add($"{at} has a length limit outside 0–6000");
            }

            CheckOptions(problems, at, option.Options, level + 1);
        }
    }

    private static void CheckType(List<string> problems, string at, DiscordCommandWire.CommandOption option, int level)
    {
        var isSub = option.Type == DiscordCommandWire.SubCommand;
        var isGroup = option.Type == DiscordCommandWire.SubCommandGroup;
        if (option.Type is < 1 or > MaxOptionType)
        {
            problems.Add($"{at} has the unknown option type {option.Type}");
        }
        else if ((isGroup && level != 0) || (isSub && level > 1))
        {
            problems.Add($"{at} nests a {(isGroup ? "group" : "subcommand")} deeper than Discord allows");
        }
        else if (isGroup && option.Options?.Any(o => o.Type != DiscordCommandWire.SubCommand) != false)
        {
            problems.Add($"{at} is a group, so it must hold subcommands only");
        }
        else if (!isSub && !isGroup && option.Options is { Count: > 0 })
        {
            problems.Add($"{at} is a value option, so it cannot hold options");
        }
    }

    private static void CheckChoices(List<string> problems, string at, DiscordCommandWire.CommandOption option)
    {
        if (option.Choices is not { } choices)
        {
            return;
        }

        if (option.Autocomplete == true)
        {
            problems.Add($"{at} has both choices and autocomplete");
        }

        if (choices.Count > MaxChoices)
        {
            problems.Add($"{at} has {choices.Count} choices; the limit is {MaxChoices}");
        }

        foreach (var choice in choices.Where(c => c.Name.Length is 0 or > MaxChoiceLength || c.Value.Length > MaxChoiceLength))
        {
            problems.Add($"{at} choice '{choice.Name}' is longer than {MaxChoiceLength} characters (or empty)");
        }
    }

    private static void CheckNamed(List<string> problems, string at, string name, string description)
    {
        if (!NamePattern().IsMatch(name) || name != name.ToLowerInvariant())
        {
            problems.Add($"{at}: the name '{name}' must be 1–{MaxNameLength} lower-case letters, digits, '-', '_' or '''");
        }

        if (description.Length is 0 or > MaxDescriptionLength)
        {
            problems.Add($"{at}: the description is {description.Length} characters; it must be 1–{MaxDescriptionLength}");
        }
    }

    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex NamePattern();
}
