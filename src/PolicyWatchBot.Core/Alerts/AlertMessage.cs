using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// A platform-neutral alert: everything a Slack, Discord or console renderer needs, and nothing
/// platform-specific. Stored as the outbox payload, so it must stay serializable.
/// </summary>
public sealed record AlertMessage : ChannelPost
{
    public override string PostId => AlertId;

    public required string AlertId { get; init; }
    public required RevisionKind Kind { get; init; }
    public required string ItemKey { get; init; }
    public required string FeedId { get; init; }
    public required string FeedTitle { get; init; }
    public required string Title { get; init; }
    public string? Link { get; init; }
    public string? DocumentType { get; init; }
    public IReadOnlyList<string> Agencies { get; init; } = [];
    /// <summary>The publication date; while <see cref="OnPublicInspection"/>, the date it is scheduled for.</summary>
    public DateOnly? PublishedOn { get; init; }

    /// <summary>Filed for public inspection and not published yet: <see cref="PublishedOn"/> is still to come.</summary>
    public bool OnPublicInspection { get; init; }

    /// <summary>The day it was filed for public inspection.</summary>
    public DateOnly? FiledOn { get; init; }

    /// <summary>
    /// When the source made this revision public, as near as it says: the filing time on public
    /// inspection, the entry's own time stamp, else the start (UTC) of the publication day. The
    /// alert's age is measured from it.
    /// </summary>
    public DateTimeOffset? SourceTime { get; init; }

    public DateOnly? EffectiveOn { get; init; }
    public DateOnly? CommentsCloseOn { get; init; }
    public IReadOnlyList<string> CfrReferences { get; init; } = [];
    /// <summary>Docket ids; RINs are in <see cref="Rins"/>.</summary>
    public IReadOnlyList<string> Dockets { get; init; } = [];

    /// <summary>Regulation Identifier Numbers (<c>0694-AJ13</c>).</summary>
    public IReadOnlyList<string> Rins { get; init; } = [];

    /// <summary>A significant regulatory action (Federal Register <c>significant</c>).</summary>
    public bool Significant { get; init; }

    /// <summary>When a presidential document was signed.</summary>
    public DateOnly? SignedOn { get; init; }

    /// <summary>The summary cut at a sentence boundary (see <see cref="SummaryCutter"/>).</summary>
    public string? Summary { get; init; }

    public IReadOnlyList<MatchedRule> MatchedRules { get; init; } = [];
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];

    /// <summary>Why the alert is urgent ("interim final rule", "rule ai-chips is urgent"); null when it is not.</summary>
    public string? Urgency { get; init; }

    /// <summary>
    /// How the item matched the channel's watchlist, best first ("HEZE HUAYI CHEMICAL CO. LTD. matches your
    /// watchlist entry Heze Huayi (0.97)"); a match makes the alert urgent, and the best one ends its title.
    /// </summary>
    public IReadOnlyList<string> WatchlistMatches { get; init; } = [];

    /// <summary>Who to ping: the mentions of the urgent rules that matched; empty on any alert that is not urgent through a rule.</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>The id of this channel's first alert for the same item, when this one is a later revision.</summary>
    public string? FirstAlertId { get; init; }

    /// <summary>
    /// On a thread's parent, where its action stands now (set by later revisions, kept in the store
    /// beside the payload and dated when the message is rendered); null on any other alert.
    /// </summary>
    public ThreadStage? Stage { get; init; }

    /// <summary>Set once someone acknowledged the alert; kept in the store beside the payload, not in it.</summary>
    public Acknowledgement? Acknowledged { get; init; }

    /// <summary>Set when a button on this alert muted its rules or feed; kept beside the payload like the acknowledgement.</summary>
    public MuteNotice? MuteNotice { get; init; }
}
