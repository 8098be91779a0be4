using System.Text.Json;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;
using Def = PolicyWatchBot.Chat.Discord.DiscordCommandDefinition;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Turns a <c>/policywatch</c> interaction (subcommand, group, typed options) into the command
/// model. Values are checked as the text grammar checks them, with the same wording; a problem
/// becomes a one-line error with the verb's usage.
/// </summary>
internal static class DiscordCommandReader
{
    /// <summary>The verb as the catalog spells it (<c>rule add</c>, <c>mute feed</c>), and the options given to it.</summary>
    public static (string Verb, IReadOnlyList<DiscordInteractionWire.InteractionOption> Options) Path(DiscordInteractionWire.Data? data)
    {
        var first = data?.Options?.FirstOrDefault();
        if (first is null)
        {
            return ("", []);
        }

        if (first.Type == DiscordCommandWire.SubCommandGroup && first.Options?.FirstOrDefault() is { } sub)
        {
            return ($"{first.Name} {sub.Name}", Present(sub.Options));
        }

        return (first.Name ?? "", Present(first.Options));
    }

    /// <summary>The options Discord sent, without the nulls a payload may hold (<c>"options":[null]</c>).</summary>
    private static List<DiscordInteractionWire.InteractionOption> Present(IReadOnlyList<DiscordInteractionWire.InteractionOption?>? options) =>
        options?.OfType<DiscordInteractionWire.InteractionOption>().ToList() ?? [];

    public static CommandParseResult Read(DiscordInteractionWire.Data? data)
    {
        var (verb, options) = Path(data);
        string? Text(string name) => options.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: JsonValueKind.String } value
            ? value.GetString()
            : null;
        int? Number(string name) => options.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: JsonValueKind.Number } value
            && value.TryGetInt32(out var number) ? number : null;
        bool Flag(string name) => options.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: JsonValueKind.True };

        return verb switch
        {
            "help" => Help(Text(Def.CommandOption)),
            "feeds" => Ok(new ChatCommand.Feeds()),
            "subscribe" => Targets("subscribe", Text(Def.FeedsOption), targets => new ChatCommand.Subscribe(targets)),
            "unsubscribe" => Targets("unsubscribe", Text(Def.FeedsOption), targets => new ChatCommand.Unsubscribe(targets)),
            "subscriptions" => Ok(new ChatCommand.Subscriptions()),
            "rules" => Ok(new ChatCommand.Rules()),
            "rule add" => Ok(new ChatCommand.RuleAdd(Text(Def.RuleOption) ?? "", Text(Def.ExpressionOption) ?? "", Flag(Def.UrgentOption))),
            "rule urgent" => RuleUrgent(Text(Def.RuleOption), Text(Def.StateOption)),
            "rule notify" => RuleNotify(data, Text(Def.RuleOption), Text(Def.MentionOption), Flag(Def.OffOption)),
            "flood" => Flood(Number(Def.AlertsOption)),
            "digest off" => Ok(new ChatCommand.Digest(null)),
            "digest daily" or "digest weekdays" or "digest weekly" => Digest(verb, Text(Def.DayOption), Text(Def.TimeOption), Text(Def.ZoneOption)),
            "pending" => Ok(new ChatCommand.Pending()),
            "remind off" => Ok(new ChatCommand.Remind(null, Core.Reminders.RemindPlan.Off)),
            "remind comments" or "remind effective" => Remind(verb, Text(Def.RemindDaysOption), Flag(Def.UnackedOption)),
            "reminders" => Ok(new ChatCommand.Reminders()),
            "watch add" => WatchAdd(Text(Def.WatchNameOption), Text(Def.AliasesOption), Text(Def.CountryOption)),
            "watch remove" => CommandParser.Parse("watch remove " + OneLine(Text(Def.WatchNameOption))),
            "watch test" => CommandParser.Parse("watch test " + OneLine(Text(Def.WatchNameOption))),
            "watch import" => string.IsNullOrWhiteSpace(Text(Def.CsvOption))
                ? Invalid("watch import", "'watch import' needs the CSV rows (name,aliases,country; aliases separated by ;)")
                : Ok(new ChatCommand.WatchImport(Text(Def.CsvOption)!)),
            "watch threshold" => CommandParser.Parse("watch threshold " + OneLine(Text(Def.ScoreOption))),
            "watchlist" => Ok(new ChatCommand.Watchlist()),
            "rule edit" => Ok(new ChatCommand.RuleEdit(Text(Def.RuleOption) ?? "", Text(Def.ExpressionOption) ?? "")),
            "rule remove" => Ok(new ChatCommand.RuleRemove(Text(Def.RuleOption) ?? "")),
            "rule test" => RuleTest(Text(Def.ExpressionOption), Number(Def.DaysOption)),
            "mute rule" or "mute feed" or "mute channel" => Mute(verb, Text(Def.RuleOption) ?? Text(Def.FeedOption), Text(Def.DurationOption)),
            "unmute rule" or "unmute feed" or "unmute channel" => Unmute(verb, Text(Def.RuleOption) ?? Text(Def.FeedOption)),
            "muted" => Ok(new ChatCommand.Muted()),
            "ack" => Ack(Text(Def.AlertOption), Text(Def.NoteOption)),
            "status" => Ok(new ChatCommand.Status()),
            _ => CommandParseResult.Failure($"unknown command '{verb}'; the bot's commands may be out of date: run /policywatch help", null),
        };
    }

    /// <summary>
    /// Feed ids, <c>#tag</c>s or <c>all</c> as typed in one option, separated by commas or by any white
    /// space the text grammar splits on (<c>\r</c>, U+2028 ...), lower-cased.
    /// </summary>
    public static string[] SplitTargets(string? typed) =>
        (typed ?? "").Split(',').SelectMany(part => part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(t => t.ToLowerInvariant()).ToArray();

    private static CommandParseResult Ok(ChatCommand command) => CommandParseResult.Success(command);

    private static CommandParseResult Invalid(string verb, string error) =>
        CommandParseResult.Failure(error, CommandCatalog.Find(verb)?.Usage);

    private static CommandParseResult Help(string? verb)
    {
        if (verb is null)
        {
            return Ok(new ChatCommand.Help(null));
        }

        if (CommandCatalog.Find(verb) is { } entry)
        {
            return Ok(new ChatCommand.Help(entry.Verb));
        }

        return CommandCatalog.Family(verb).Count > 0
            ? Ok(new ChatCommand.Help(verb.Trim().ToLowerInvariant()))
            : Invalid("help", $"unknown command '{verb}'; 'help' lists the commands");
    }

    private static CommandParseResult Targets(string verb, string? typed, Func<IReadOnlyList<string>, ChatCommand> create)
    {
        var targets = SplitTargets(typed);
        return targets.Length == 0 ? Invalid(verb, $"'{verb}' needs at least one feed id, #tag or 'all'") : Ok(create(targets));
    }

    private static CommandParseResult RuleTest(string? expression, int? days)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return Invalid("rule test", "'rule test' needs an expression to test");
        }

        return days is < 1 or > ChatCommand.RuleTest.MaxDays
            ? Invalid("rule test", $"--days must be a whole number of days from 1 to {ChatCommand.RuleTest.MaxDays}")
            : Ok(new ChatCommand.RuleTest(days ?? ChatCommand.RuleTest.DefaultDays, expression.Trim()));
    }

    /// <summary>The options read as the typed command would be, so the checks and their wording are the same.</summary>
    private static CommandParseResult Digest(string verb, string? day, string? time, string? zone)
    {
        string Word(string? value) => string.Concat((value ?? "").Where(c => !char.IsWhiteSpace(c)));
        var text = string.Join(' ', new[] { verb, Word(day), Word(time), Word(zone) }.Where(w => w.Length > 0));
        return CommandParser.Parse(text);
    }

    /// <summary>Read as the typed command would be, so the checks and their wording are the same.</summary>
    private static CommandParseResult Remind(string verb, string? days, bool unacked) =>
        CommandParser.Parse($"{verb} {days ?? ""}{(unacked ? " " + Core.Reminders.RemindPlan.UnackedFlag : "")}");

    /// <summary>The options checked as the typed command's parts are, with the same wording.</summary>
    private static CommandParseResult WatchAdd(string? name, string? aliases, string? country)
    {
        var split = (aliases ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (entry, error) = Core.Watchlists.WatchlistLimits.Entry(name, split, country);
        return entry is null ? Invalid("watch add", error!) : Ok(new ChatCommand.WatchAdd(entry));
    }

    private static string OneLine(string? value) => string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static CommandParseResult Flood(int? alerts) => alerts is { } threshold && threshold is >= 1 and <= ChatCommand.Flood.Max
        ? Ok(new ChatCommand.Flood(threshold))
        : Invalid("flood", $"'flood' needs a number of alerts from 1 to {ChatCommand.Flood.Max}");

    private static CommandParseResult RuleUrgent(string? name, string? state)
    {
        var rule = RuleName.Validate(name);
        if (!rule.IsValid)
        {
            return Invalid("rule urgent", rule.Error);
        }

        return state?.ToLowerInvariant() switch
        {
            "on" => Ok(new ChatCommand.RuleUrgent(rule.Name, true)),
            "off" => Ok(new ChatCommand.RuleUrgent(rule.Name, false)),
            _ => Invalid("rule urgent", "'rule urgent' needs on or off"),
        };
    }

    /// <summary>A picked role or member becomes the mention Discord writes for it, read then like typed text.</summary>
    private static CommandParseResult RuleNotify(DiscordInteractionWire.Data? data, string? name, string? id, bool off)
    {
        var rule = RuleName.Validate(name);
        if (!rule.IsValid)
        {
            return Invalid("rule notify", rule.Error);
        }

        if (off == (id is not null))
        {
            return Invalid("rule notify", "'rule notify' needs either a role or member to ping, or off");
        }

        var isRole = id is not null && data?.Resolved?.Roles?.ContainsKey(id) == true;
        return Ok(new ChatCommand.RuleNotify(rule.Name, id is null ? null : isRole ? $"<@&{id}>" : $"<@{id}>"));
    }

    private static CommandParseResult Mute(string verb, string? name, string? duration)
    {
        var target = Target(verb, name);
        if (!target.IsSuccess || duration is null)
        {
            return target;
        }

        // The duration reads exactly as typed text would: the text grammar checks its form and its limit.
        var parsed = CommandParser.Parse("mute channel " + string.Concat(duration.Where(c => !char.IsWhiteSpace(c))));
        return parsed.Command is ChatCommand.Mute { Duration: var length }
            ? Ok(new ChatCommand.Mute(((ChatCommand.Mute)target.Command).Target, length))
            : parsed;
    }

    private static CommandParseResult Unmute(string verb, string? name)
    {
        var target = Target(verb, name);
        return target.Command is ChatCommand.Mute mute ? Ok(new ChatCommand.Unmute(mute.Target)) : target;
    }

    /// <summary>The mute target of <c>mute|unmute rule|feed|channel</c>, as a default-length mute.</summary>
    private static CommandParseResult Target(string verb, string? name)
    {
        var words = verb.Split(' ');
        MuteTarget target;
        switch (words[1])
        {
            case Def.RuleScope:
                var rule = RuleName.Validate(name);
                if (!rule.IsValid)
                {
                    return Invalid(words[0], rule.Error);
                }

                target = MuteTarget.Rule(rule.Name);
                break;
            case Def.FeedScope when string.IsNullOrWhiteSpace(name):
                return Invalid(words[0], $"'{verb}' needs a feed id");
            case Def.FeedScope:
                target = MuteTarget.Feed(name!.Trim().ToLowerInvariant());
                break;
            default:
                target = MuteTarget.Channel;
                break;
        }

        return Ok(new ChatCommand.Mute(target, ChatCommand.Mute.DefaultDuration));
    }

    private static CommandParseResult Ack(string? typed, string? note)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return Invalid("ack", "'ack' needs an alert id, like PW-3F9K");
        }

        if (AlertId.Normalize(typed) is not { } id)
        {
            return Invalid("ack", $"'{typed.Trim()}' is not an alert id; alert ids look like PW-3F9K");
        }

        note = note?.Trim();
        return note?.Length > CommandParser.MaxNoteLength
            ? Invalid("ack", $"the note is {note.Length} characters long; the limit is {CommandParser.MaxNoteLength}")
            : Ok(new ChatCommand.Ack(id, string.IsNullOrEmpty(note) ? null : note));
    }
}
