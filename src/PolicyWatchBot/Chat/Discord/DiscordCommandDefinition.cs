using PolicyWatchBot.Core.Commands;
using Option = PolicyWatchBot.Chat.Discord.DiscordCommandWire.CommandOption;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// <c>/policywatch</c> as a Discord command, built from <see cref="CommandCatalog"/>: a subcommand
/// per verb, the groups <c>rule</c> (add, edit, remove, test), <c>mute</c> and <c>unmute</c> (rule,
/// feed, channel), typed options with autocomplete for feeds, rule names and durations. Registered
/// without default member permissions (they would hide <c>help</c> and <c>ack</c> from everyone);
/// the handler checks Manage Channels on every setup command.
/// </summary>
internal static class DiscordCommandDefinition
{
    public const string Name = "policywatch";
    public const string Description = "Policy-change alerts: feeds, keyword rules, mutes and acknowledgements for this channel";

    public const string FeedsOption = "feeds";
    public const string FeedOption = "feed";
    public const string RuleOption = "name";
    public const string ExpressionOption = "expression";
    public const string DaysOption = "days";
    public const string DurationOption = "duration";
    public const string AlertOption = "alert";
    public const string NoteOption = "note";
    public const string CommandOption = "command";
    public const string UrgentOption = "urgent";
    public const string StateOption = "state";
    public const string MentionOption = "mention";
    public const string OffOption = "off";
    public const string AlertsOption = "alerts";
    public const string TimeOption = "time";
    public const string ZoneOption = "zone";
    public const string DayOption = "day";
    public const string RemindDaysOption = "days-before";
    public const string UnackedOption = "unacked";
    public const string WatchNameOption = "name";
    public const string AliasesOption = "aliases";
    public const string CountryOption = "country";
    public const string CsvOption = "csv";
    public const string ScoreOption = "score";

    public const string RuleScope = "rule";
    public const string FeedScope = "feed";
    public const string ChannelScope = "channel";

    private const int MaxDescription = 100;
    private const int GuildContext = 0;
    private const int GuildInstall = 0;

    /// <summary>The command; <paramref name="global"/> adds the guild-only context (guild commands have no contexts).</summary>
    public static DiscordCommandWire.Command Build(bool global)
    {
        var top = new List<Option>();
        foreach (var entry in CommandCatalog.All)
        {
            var words = entry.Verb.Split(' ');
            if (words.Length == 2)
            {
                Group(top, words[0], $"{words[0]} commands").Options!.Add(SubCommand(words[1], entry.Summary, OptionsOf(entry.Verb)));
            }
            else if (entry.Verb == "digest")
            {
                var group = Group(top, entry.Verb, "digest mode: hold non-urgent alerts and post them as one digest");
                group.Options!.Add(SubCommand("daily", "a digest every day at a time", [Time(), Zone()]));
                group.Options!.Add(SubCommand("weekdays", "a digest Monday to Friday at a time", [Time(), Zone()]));
                group.Options!.Add(SubCommand("weekly", "a digest once a week", [Day(), Time(), Zone()]));
                group.Options!.Add(SubCommand("off", "back to live mode; what is held is posted now", []));
            }
            else if (entry.Verb == "remind")
            {
                var group = Group(top, entry.Verb, "deadline reminders in the action's thread");
                group.Options!.Add(SubCommand("comments", "when to remind before comments close (default 7d,1d)", [RemindDays(), Unacked()]));
                group.Options!.Add(SubCommand("effective", "when to remind before a rule takes effect (default 1d)", [RemindDays(), Unacked()]));
                group.Options!.Add(SubCommand("off", "no deadline reminders in this channel", []));
            }
            else if (entry.Verb is "mute" or "unmute")
            {
                var group = Group(top, entry.Verb, entry.Summary);
                group.Options!.Add(SubCommand(RuleScope, $"{entry.Verb} one rule of this channel", [RuleName(), .. Duration(entry.Verb)]));
                group.Options!.Add(SubCommand(FeedScope, $"{entry.Verb} one feed for this channel", [Feed(FeedOption, "the feed id"), .. Duration(entry.Verb)]));
                group.Options!.Add(SubCommand(ChannelScope, $"{entry.Verb} every alert of this channel", [.. Duration(entry.Verb)]));
            }
            else
            {
                top.Add(SubCommand(entry.Verb, entry.Summary, OptionsOf(entry.Verb)));
            }
        }

        return new DiscordCommandWire.Command
        {
            Name = Name,
            Description = Description,
            Options = top,
            Contexts = global ? [GuildContext] : null,
            IntegrationTypes = global ? [GuildInstall] : null,
        };
    }

    private static List<Option> OptionsOf(string verb) => verb switch
    {
        "help" => [new Option
        {
            Type = DiscordCommandWire.String,
            Name = CommandOption,
            Description = "the command to explain",
            Autocomplete = true,
            MaxLength = 40,
        }],
        "subscribe" or "unsubscribe" => [Feed(FeedsOption, "feed ids, #tags or all, separated by spaces")],
        "rule add" =>
        [
            RuleName(),
            Expression("the rule's expression (see docs/rules.md)"),
            new Option { Type = DiscordCommandWire.Boolean, Name = UrgentOption, Description = "its alerts go out at once, marked urgent, never grouped" },
        ],
        "rule urgent" =>
        [
            RuleName(),
            new Option
            {
                Type = DiscordCommandWire.String,
                Name = StateOption,
                Description = "on: urgent; off: not urgent",
                Required = true,
                Choices = [new DiscordCommandWire.CommandChoice { Name = "on", Value = "on" }, new DiscordCommandWire.CommandChoice { Name = "off", Value = "off" }],
            },
        ],
        "rule notify" =>
        [
            RuleName(),
            new Option { Type = DiscordCommandWire.Mentionable, Name = MentionOption, Description = "the role or member to ping on the rule's urgent alerts" },
            new Option { Type = DiscordCommandWire.Boolean, Name = OffOption, Description = "ping nobody any more" },
        ],
        "flood" =>
        [
            new Option
            {
                Type = DiscordCommandWire.Integer,
                Name = AlertsOption,
                Description = "more alerts than this from one poll become one grouped message (default 5)",
                Required = true,
                MinValue = 1,
                MaxValue = ChatCommand.Flood.Max,
            },
        ],
        "rule edit" => [RuleName(), Expression("the rule's new expression")],
        "rule remove" => [RuleName()],
        "rule test" =>
        [
            Expression("the expression to backtest"),
            new Option
            {
                Type = DiscordCommandWire.Integer,
                Name = DaysOption,
                Description = $"how many days back (default {ChatCommand.RuleTest.DefaultDays})",
                MinValue = 1,
                MaxValue = ChatCommand.RuleTest.MaxDays,
            },
        ],
        "ack" =>
        [
            new Option { Type = DiscordCommandWire.String, Name = AlertOption, Description = "the alert id, like PW-3F9K (or a grouped message's PWG- id)", Required = true, MinLength = 4, MaxLength = 40 },
            new Option { Type = DiscordCommandWire.String, Name = NoteOption, Description = "a note kept with the acknowledgement", MaxLength = CommandParser.MaxNoteLength },
        ],
        "watch add" =>
        [
            WatchName("the name to watch, like Huawei Technologies Co., Ltd."),
            new Option { Type = DiscordCommandWire.String, Name = AliasesOption, Description = "other names it goes by, separated by ;", MaxLength = 4000 },
            new Option { Type = DiscordCommandWire.String, Name = CountryOption, Description = "its country, two letters (ISO 3166, like CN)", MinLength = 2, MaxLength = 2 },
        ],
        "watch remove" => [WatchName("the watched name to remove")],
        "watch test" => [WatchName("the name to look for on every screening list")],
        "watch import" =>
        [
            new Option { Type = DiscordCommandWire.String, Name = CsvOption, Description = "rows of name,aliases (separated by ;),country", Required = true, MaxLength = 6000 },
        ],
        "watch threshold" =>
        [
            new Option { Type = DiscordCommandWire.String, Name = ScoreOption, Description = "a match score from 0.5 to 1 (default 0.9)", Required = true, MaxLength = 8 },
        ],
        "feeds" or "subscriptions" or "rules" or "muted" or "status" or "pending" or "reminders" or "watchlist" => [],
        _ => throw new InvalidOperationException($"The catalog verb '{verb}' has no Discord options; add them here."),
    };

    /// <summary>What <c>help</c> suggests (more than Discord's 25 fixed choices): the two-word families, then every verb.</summary>
    public static IEnumerable<string> HelpTopics() =>
        CommandCatalog.All.Select(e => e.Verb).Where(v => v.Contains(' ', StringComparison.Ordinal)).Select(v => v.Split(' ')[0]).Distinct(StringComparer.Ordinal)
            .Concat(CommandCatalog.All.Select(e => e.Verb));

    private static Option Group(List<Option> top, string name, string description)
    {
        if (top.FirstOrDefault(o => o.Name == name && o.Type == DiscordCommandWire.SubCommandGroup) is { } existing)
        {
            return existing;
        }

        var group = new Option { Type = DiscordCommandWire.SubCommandGroup, Name = name, Description = Cut(description), Options = [] };
        top.Add(group);
        return group;
    }

    private static Option SubCommand(string name, string description, List<Option> options) =>
        new() { Type = DiscordCommandWire.SubCommand, Name = name, Description = Cut(description), Options = options };

    private static Option Feed(string name, string description) =>
        new() { Type = DiscordCommandWire.String, Name = name, Description = description, Required = true, Autocomplete = true, MaxLength = 1000 };

    private static Option WatchName(string description) =>
        new() { Type = DiscordCommandWire.String, Name = WatchNameOption, Description = description, Required = true, MaxLength = Core.Watchlists.WatchlistLimits.MaxNameLength + 2 };

    private static Option RuleName() =>
        new() { Type = DiscordCommandWire.String, Name = RuleOption, Description = "the rule's name", Required = true, Autocomplete = true, MaxLength = Core.Commands.RuleName.MaxLength + 2 };

    private static Option Expression(string description) =>
        new() { Type = DiscordCommandWire.String, Name = ExpressionOption, Description = description, Required = true, MaxLength = CommandParser.MaxLength };

    private static Option[] Duration(string verb) => verb == "mute"
        ? [new Option { Type = DiscordCommandWire.String, Name = DurationOption, Description = "how long: 90m, 8h, 1d12h, 2w (default 24h, at most 90d)", Autocomplete = true, MaxLength = 12 }]
        : [];

    private static Option Time() =>
        new() { Type = DiscordCommandWire.String, Name = TimeOption, Description = "HH:MM on the 24-hour clock, like 17:00", Required = true, MinLength = 4, MaxLength = 5 };

    private static Option Zone() =>
        new() { Type = DiscordCommandWire.String, Name = ZoneOption, Description = "IANA time zone (default America/New_York)", Autocomplete = true, MaxLength = 64 };

    private static Option RemindDays() => new()
    {
        Type = DiscordCommandWire.String,
        Name = RemindDaysOption,
        Description = "days before the date, like 14d,3d (0d to 90d), or off",
        Required = true,
        MaxLength = 40,
    };

    private static Option Unacked() =>
        new() { Type = DiscordCommandWire.Boolean, Name = UnackedOption, Description = "skip reminders of alerts someone acknowledged" };

    private static Option Day() => new()
    {
        Type = DiscordCommandWire.String,
        Name = DayOption,
        Description = "the day of the week",
        Required = true,
        Choices = [.. Enum.GetValues<DayOfWeek>().Select(d => new DiscordCommandWire.CommandChoice { Name = d.ToString(), Value = Core.Digests.DigestSchedule.DayName(d) })],
    };

    private static string Cut(string text) => text.Length <= MaxDescription ? text : text[..(MaxDescription - 1)] + "…";
}
