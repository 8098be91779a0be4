using PolicyWatchBot.Core.Digests;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// A command of <c>/policywatch</c> (docs/commands.md), as typed text, Discord options or a button
/// become it. Every platform lands here, so behaviour and wording are the same everywhere.
/// </summary>
public abstract record ChatCommand
{
    private ChatCommand()
    {
    }

    /// <summary>Whether the command changes the channel's setup, so only managers may run it.</summary>
    public virtual bool ChangesSetup => false;

    /// <summary><c>help [VERB]</c>.</summary>
    public sealed record Help(string? Verb) : ChatCommand;

    public sealed record Feeds : ChatCommand;

    /// <summary>Targets are feed ids, <c>#tag</c>s or <c>all</c>, as typed.</summary>
    public sealed record Subscribe(IReadOnlyList<string> Targets) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record Unsubscribe(IReadOnlyList<string> Targets) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record Subscriptions : ChatCommand;

    /// <summary><c>rule add NAME [--urgent] EXPRESSION</c>.</summary>
    public sealed record RuleAdd(string Name, string Expression, bool Urgent = false) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record RuleEdit(string Name, string Expression) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record RuleRemove(string Name) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record Rules : ChatCommand;

    /// <summary><c>rule urgent NAME on|off</c>.</summary>
    public sealed record RuleUrgent(string Name, bool Urgent) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>rule notify NAME @group</c>, or with a null mention <c>rule notify NAME off</c>; the mention is read for the channel's platform.</summary>
    public sealed record RuleNotify(string Name, string? Mention) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>flood N</c>: live mode groups more than N alerts of one poll into one message.</summary>
    public sealed record Flood(int Threshold) : ChatCommand
    {
        public const int Max = 100;

        public override bool ChangesSetup => true;
    }

    /// <summary><c>rule test [--days N] EXPRESSION</c>: a backtest; changes nothing.</summary>
    public sealed record RuleTest(int Days, string Expression) : ChatCommand
    {
        public const int DefaultDays = 90;
        public const int MaxDays = 3650;
    }

    public sealed record Mute(MuteTarget Target, TimeSpan Duration) : ChatCommand
    {
        public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(24);

        public override bool ChangesSetup => true;
    }

    public sealed record Unmute(MuteTarget Target) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record Muted : ChatCommand;

    /// <summary><c>digest daily|weekdays|weekly ...</c>, or with a null schedule <c>digest off</c>.</summary>
    public sealed record Digest(DigestSchedule? Schedule) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>pending</c>: the alerts held for the channel's next digest.</summary>
    public sealed record Pending : ChatCommand;

    /// <summary>
    /// <c>remind comments|effective DAYS [--unacked]</c> or <c>... off</c>: when the channel is reminded of
    /// that kind of deadline; with a null deadline (<c>remind off</c>) both are switched off.
    /// </summary>
    public sealed record Remind(Deadline? Deadline, RemindPlan Plan) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>reminders</c>: the channel's coming reminders.</summary>
    public sealed record Reminders : ChatCommand;

    /// <summary><c>watch add NAME [--alias A]... [--country CC]</c>.</summary>
    public sealed record WatchAdd(WatchlistEntry Entry) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    public sealed record WatchRemove(string Name) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>watch import</c>: CSV rows typed after the verb, or the text of a CSV file attached on Discord.</summary>
    public sealed record WatchImport(string Csv) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>watch threshold SCORE</c>.</summary>
    public sealed record WatchThreshold(double Threshold) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary><c>watch test NAME</c>: the listed entities the name matches today on every stored list, with scores (changes nothing).</summary>
    public sealed record WatchTest(string Name) : ChatCommand;

    /// <summary><c>watchlist</c>: the channel's entries with their status on every list.</summary>
    public sealed record Watchlist : ChatCommand;

    /// <summary><c>ack ALERT_ID [NOTE]</c>; the id is normalized (<c>PW-3F9K</c>), a digest id acknowledges all its alerts.</summary>
    public sealed record Ack(string AlertId, string? Note) : ChatCommand;

    public sealed record Status : ChatCommand;

    /// <summary>The Mute rule 24h button: mutes every rule that matched the alert.</summary>
    public sealed record MuteAlertRules(string AlertId, TimeSpan Duration) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }

    /// <summary>The Mute feed 24h button: mutes the feed the alert came from.</summary>
    public sealed record MuteAlertFeed(string AlertId, TimeSpan Duration) : ChatCommand
    {
        public override bool ChangesSetup => true;
    }
}
