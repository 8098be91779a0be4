using System.Globalization;
using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// The text grammar of <c>/policywatch</c> (docs/commands.md): Slack's command text, or a console line,
/// to a <see cref="ChatCommand"/>, or to a one-line error with the usage of the closest verb.
/// Pure: it never throws on user text and changes nothing.
/// </summary>
public static class CommandParser
{
    public const int MaxLength = 4000;
    public const int MaxNoteLength = 500;

    /// <summary>The longest mute; a longer one is refused rather than cut.</summary>
    public static readonly TimeSpan MaxMuteDuration = TimeSpan.FromDays(90);

    private const string Prefix = "/policywatch";
    private const int EchoLength = 40;

    public static CommandParseResult Parse(string? text)
    {
        text ??= "";
        if (text.Length > MaxLength)
        {
            return CommandParseResult.Failure(Invariant($"the command is {text.Length:N0} characters long; the limit is {MaxLength:N0}"), null);
        }

        var reader = new CommandReader(StripPrefix(WellFormedText.Of(text).Trim()));
        var verb = reader.NextWord();
        if (verb is null)
        {
            return Success(new ChatCommand.Help(null));
        }

        return verb.ToLowerInvariant() switch
        {
            "help" => ParseHelp(reader),
            "feeds" => NoArguments(reader, "feeds", new ChatCommand.Feeds()),
            "subscribe" => ParseTargets(reader, "subscribe", targets => new ChatCommand.Subscribe(targets)),
            "unsubscribe" => ParseTargets(reader, "unsubscribe", targets => new ChatCommand.Unsubscribe(targets)),
            "subscriptions" => NoArguments(reader, "subscriptions", new ChatCommand.Subscriptions()),
            "rule" => RuleCommandParser.Parse(reader, verb),
            "rules" => NoArguments(reader, "rules", new ChatCommand.Rules()),
            "mute" => MuteCommandParser.ParseMute(reader),
            "unmute" => MuteCommandParser.ParseUnmute(reader),
            "muted" => NoArguments(reader, "muted", new ChatCommand.Muted()),
            "ack" => ParseAck(reader),
            "status" => NoArguments(reader, "status", new ChatCommand.Status()),
            "flood" => ParseFlood(reader),
            "digest" => DigestCommandParser.Parse(reader),
            "pending" => NoArguments(reader, "pending", new ChatCommand.Pending()),
            "remind" => RemindCommandParser.Parse(reader),
            "reminders" => NoArguments(reader, "reminders", new ChatCommand.Reminders()),
            "watch" => WatchCommandParser.Parse(reader, verb),
            "watchlist" => NoArguments(reader, "watchlist", new ChatCommand.Watchlist()),
            _ => UnknownVerb(verb, reader.PeekWord()),
        };
    }

    internal static CommandParseResult Success(ChatCommand command) => CommandParseResult.Success(command);

    /// <summary>A refusal with the usage line of <paramref name="verb"/>.</summary>
    internal static CommandParseResult Invalid(string verb, string error) => CommandParseResult.Failure(error, CommandCatalog.Get(verb).Usage);

    /// <summary>User text quoted in an error, cut so the error stays one short line.</summary>
    internal static string Echo(string typed)
    {
        if (typed.Length <= EchoLength)
        {
            return typed;
        }

        var cut = char.IsHighSurrogate(typed[EchoLength - 1]) ? EchoLength - 1 : EchoLength;
        return typed[..cut] + "…";
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static CommandParseResult UnknownVerb(string first, string? second)
    {
        var suggestion = VerbSuggester.Closest(first, second);
        var twoWords = suggestion?.Contains(' ', StringComparison.Ordinal) == true || (IsRule(first) && second is not null);
        var typed = twoWords ? $"{first} {second}" : first;
        if (suggestion is not null)
        {
            return Invalid(suggestion, $"unknown command '{Echo(typed)}'; did you mean '{suggestion}'?");
        }

        return CommandParseResult.Failure(IsRule(first)
            ? $"unknown command '{Echo(typed)}'; use rule add, rule edit, rule remove, rule urgent, rule notify, rule test, or rules"
            : $"unknown command '{Echo(typed)}'; 'help' lists the commands", null);
    }

    private static bool IsRule(string word) => string.Equals(word, "rule", StringComparison.OrdinalIgnoreCase);

    private static string StripPrefix(string text) =>
        text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && (text.Length == Prefix.Length || char.IsWhiteSpace(text[Prefix.Length]))
            ? text[Prefix.Length..]
            : text;

    private static CommandParseResult ParseHelp(CommandReader reader)
    {
        var first = reader.NextWord();
        if (first is null)
        {
            return Success(new ChatCommand.Help(null));
        }

        var second = reader.PeekWord();
        var entry = second is null ? null : CommandCatalog.Find($"{first} {second}");
        if (entry is not null)
        {
            reader.NextWord();
        }
        else
        {
            entry = CommandCatalog.Find(first);
        }

        if (entry is null)
        {
            // "help rule", "help watch": the verbs of the family together.
            return CommandCatalog.Family(first).Count > 0 && second is null ? Success(new ChatCommand.Help(first.ToLowerInvariant())) : UnknownVerb(first, second);
        }

        return reader.NextWord() is { } extra
            ? Invalid("help", $"'help' takes one command (got '{Echo(extra)}' after '{entry.Verb}')")
            : Success(new ChatCommand.Help(entry.Verb));
    }

    private static CommandParseResult NoArguments(CommandReader reader, string verb, ChatCommand command)
    {
        if (reader.NextWord() is not { } extra)
        {
            return Success(command);
        }

        var meant = verb == "rules" ? CommandCatalog.Find("rule " + extra) : null;
        return meant is not null
            ? Invalid(meant.Verb, $"'rules' takes no arguments; did you mean '{meant.Verb}'?")
            : Invalid(verb, $"'{verb}' takes no arguments (got '{Echo(extra)}')");
    }

    private static CommandParseResult ParseTargets(CommandReader reader, string verb, Func<IReadOnlyList<string>, ChatCommand> create)
    {
        var targets = reader.RestAsLowerCaseTokens();
        return targets.Count == 0
            ? Invalid(verb, $"'{verb}' needs at least one feed id, #tag or 'all'")
            : Success(create(targets));
    }

    private static CommandParseResult ParseFlood(CommandReader reader)
    {
        var limit = ChatCommand.Flood.Max.ToString(CultureInfo.InvariantCulture);
        if (reader.NextWord() is not { } typed)
        {
            return Invalid("flood", $"'flood' needs a number of alerts from 1 to {limit}");
        }

        if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold) || threshold is < 1 or > ChatCommand.Flood.Max)
        {
            return Invalid("flood", $"'{Echo(typed)}' is not a number of alerts from 1 to {limit}");
        }

        return reader.NextWord() is { } extra
            ? Invalid("flood", $"'flood' takes one number (got '{Echo(extra)}' after it)")
            : Success(new ChatCommand.Flood(threshold));
    }

    private static CommandParseResult ParseAck(CommandReader reader)
    {
        if (reader.NextWord() is not { } typed)
        {
            return Invalid("ack", "'ack' needs an alert id, like PW-3F9K");
        }

        if (AlertId.Normalize(typed) is not { } id)
        {
            return Invalid("ack", $"'{Echo(typed)}' is not an alert id; alert ids look like PW-3F9K");
        }

        var note = reader.Rest();
        if (note.Length > MaxNoteLength)
        {
            return Invalid("ack", Invariant($"the note is {note.Length:N0} characters long; the limit is {MaxNoteLength}"));
        }

        return Success(new ChatCommand.Ack(id, note.Length == 0 ? null : note));
    }
}
