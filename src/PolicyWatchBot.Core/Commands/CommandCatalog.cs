namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// Every verb of <c>/policywatch</c> (docs/commands.md), in the order <c>help</c> lists them: usage,
/// summary, one example, and who may run it.
/// </summary>
public static class CommandCatalog
{
    public static IReadOnlyList<CommandEntry> All { get; } =
    [
        new("help", "help [VERB]", "the commands, with one example each; or one command in detail",
            "help rule add", false, typeof(ChatCommand.Help)),
        new("feeds", "feeds", "the feed catalogue by jurisdiction: id, title, schedule, tags, verified or not, health",
            "feeds", false, typeof(ChatCommand.Feeds)),
        new("subscribe", "subscribe FEED [FEED...]", "subscribe this channel to feeds: ids, a #tag, or all (a tag or all includes feeds added later)",
            "subscribe fr-bis fr-ofac #export-controls", true, typeof(ChatCommand.Subscribe)),
        new("unsubscribe", "unsubscribe FEED [FEED...]", "stop this channel's subscription to feeds, #tags or all",
            "unsubscribe fr-ofac", true, typeof(ChatCommand.Unsubscribe)),
        new("subscriptions", "subscriptions", "this channel's feeds",
            "subscriptions", false, typeof(ChatCommand.Subscriptions)),
        new("rule add", "rule add NAME [--urgent] EXPRESSION", "add a keyword rule to this channel (--urgent: its alerts go out at once, never grouped)",
            "rule add ai-chips (\"advanced computing\" OR semiconduct* OR 3A090) AND agency:\"industry and security\"", true, typeof(ChatCommand.RuleAdd)),
        new("rule edit", "rule edit NAME EXPRESSION", "replace a rule's expression",
            "rule edit entity-list \"entity list\" AND type:rule -correction", true, typeof(ChatCommand.RuleEdit)),
        new("rule remove", "rule remove NAME", "delete a rule",
            "rule remove entity-list", true, typeof(ChatCommand.RuleRemove)),
        new("rules", "rules", "this channel's rules, with hit counts over the last 30 days",
            "rules", false, typeof(ChatCommand.Rules)),
        new("rule urgent", "rule urgent NAME on|off", "make a rule urgent (its alerts go out at once with a marker, even in digest mode) or not",
            "rule urgent entity-list on", true, typeof(ChatCommand.RuleUrgent)),
        new("rule notify", "rule notify NAME @GROUP|off", "ping a user group or user (Slack) or a role or user (Discord) on the rule's urgent alerts only",
            "rule notify entity-list @export-compliance", true, typeof(ChatCommand.RuleNotify)),
        new("rule test", "rule test [--days N] EXPRESSION", "backtest an expression on the subscribed feeds' last N days (default 90); changes nothing",
            "rule test --days 30 distill* NEAR/8 (model OR attack* OR extract*)", false, typeof(ChatCommand.RuleTest)),
        new("mute", "mute rule NAME|feed FEED|channel [DURATION]", "hold back alerts of a rule, a feed or the channel for a while (90m, 8h, 1d12h, 2w; default 24h, at most 90d)",
            "mute feed fr-ofac 8h", true, typeof(ChatCommand.Mute)),
        new("unmute", "unmute rule NAME|feed FEED|channel", "end a mute now",
            "unmute feed fr-ofac", true, typeof(ChatCommand.Unmute)),
        new("muted", "muted", "active mutes, and the alerts they held back",
            "muted", false, typeof(ChatCommand.Muted)),
        new("digest", "digest daily|weekdays HH:MM [ZONE], digest weekly DAY HH:MM [ZONE], digest off",
            "hold non-urgent alerts and post them as one digest at that time (IANA zone, default America/New_York); off posts what is held",
            "digest weekdays 08:30 America/New_York", true, typeof(ChatCommand.Digest)),
        new("pending", "pending", "the alerts held for this channel's next digest",
            "pending", false, typeof(ChatCommand.Pending)),
        new("remind", "remind comments|effective DAYS [--unacked], remind comments|effective off, remind off",
            "remind in the action's thread so many days before comments close or it takes effect (default comments 7d,1d, effective 1d); --unacked: not for acknowledged alerts",
            "remind comments 14d,3d --unacked", true, typeof(ChatCommand.Remind)),
        new("reminders", "reminders", "this channel's coming deadline reminders",
            "reminders", false, typeof(ChatCommand.Reminders)),
        new("watch add", "watch add NAME [--alias A]... [--country CC]",
            "watch a name (a customer, a distributor, a parent): a list change or a document naming it alerts here, urgent",
            "watch add Huawei Technologies Co., Ltd. --alias Huawei --alias 华为技术有限公司 --country CN", true, typeof(ChatCommand.WatchAdd)),
        new("watch remove", "watch remove NAME", "stop watching a name",
            "watch remove Huawei Technologies Co., Ltd.", true, typeof(ChatCommand.WatchRemove)),
        new("watch test", "watch test NAME", "which listed entities a name matches today on every screening list, with the scores (changes nothing)",
            "watch test Huawei Technologies", false, typeof(ChatCommand.WatchTest)),
        new("watch import", "watch import CSV", "watch many names at once: rows of name,aliases (separated by ;),country after the command, or a CSV file on Discord",
            "watch import Acme Trading LLC,Acme;ACME Intl,AE", true, typeof(ChatCommand.WatchImport)),
        new("watch threshold", "watch threshold SCORE", "the score (0.5 to 1, default 0.9) from which a listed name matches a watched one",
            "watch threshold 0.92", true, typeof(ChatCommand.WatchThreshold)),
        new("watchlist", "watchlist", "this channel's watched names, with each one's status on every list",
            "watchlist", false, typeof(ChatCommand.Watchlist)),
        new("flood", "flood N", "live mode: more than N alerts from one poll become one grouped message (default 5)",
            "flood 10", true, typeof(ChatCommand.Flood)),
        new("ack", "ack ALERT_ID [NOTE]", "acknowledge an alert (or a grouped message's id, for all its alerts)",
            "ack PW-3F9K sent to legal", false, typeof(ChatCommand.Ack)),
        new("status", "status", "bot version, uptime, feed health, outbox backlog and the last alert",
            "status", false, typeof(ChatCommand.Status)),
    ];

    /// <summary>The entry for a verb (case-insensitive, inner spaces collapsed: <c>Rule  Add</c>), or null.</summary>
    public static CommandEntry? Find(string verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var words = verb.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var wanted = string.Join(' ', words);
        return All.FirstOrDefault(e => string.Equals(e.Verb, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The verbs of a two-word family (<c>rule</c>: rule add, edit, remove and test); empty for any other word.</summary>
    public static IReadOnlyList<CommandEntry> Family(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var prefix = word.Trim() + " ";
        return word.Trim().Length == 0 ? [] : All.Where(e => e.Verb.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The entry of the verb a command was typed with.</summary>
    public static CommandEntry For(ChatCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var type = command switch
        {
            ChatCommand.MuteAlertRules => typeof(ChatCommand.Mute),
            ChatCommand.MuteAlertFeed => typeof(ChatCommand.Mute),
            _ => command.GetType(),
        };
        return All.First(e => e.CommandType == type);
    }

    internal static CommandEntry Get(string verb) =>
        Find(verb) ?? throw new ArgumentOutOfRangeException(nameof(verb), verb, "not a verb of the catalog");
}
