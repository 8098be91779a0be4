using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>One alert as a line of a digest: its id, kind, title and link, the rule that matched it first and its dates.</summary>
public sealed record DigestEntry(string AlertId, RevisionKind Kind, string Title, string? Link, string FeedId, Acknowledgement? Acknowledged = null)
{
    /// <summary>The first rule that matched (a channel's digest groups by feed, then by it); null when the channel has no rules.</summary>
    public string? Rule { get; init; }

    /// <summary>"published 2024-01-09 · comments close 2024-03-11"; null when the alert has no dates.</summary>
    public string? Dates { get; init; }

    public static DigestEntry From(AlertMessage alert) =>
        new(alert.AlertId, alert.Kind, alert.Title, alert.Link, alert.FeedId, alert.Acknowledged)
        {
            Rule = alert.MatchedRules.Count == 0 ? null : alert.MatchedRules[0].Name,
            Dates = AlertText.Dates(alert),
        };
}
