using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>One alert as a line of a digest: its id, title and link.</summary>
public sealed record DigestEntry(string AlertId, RevisionKind Kind, string Title, string? Link, string FeedId, Acknowledgement? Acknowledged = null)
{
    public static DigestEntry From(AlertMessage alert) =>
        new(alert.AlertId, alert.Kind, alert.Title, alert.Link, alert.FeedId, alert.Acknowledged);
}
