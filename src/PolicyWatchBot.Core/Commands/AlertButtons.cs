using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// The buttons every platform puts on a message (docs/commands.md): an alert gets Acknowledge (until it
/// is acknowledged), Mute rule 24h (when rules matched it) and Mute feed 24h; a grouped message
/// gets Acknowledge all (until every alert in it is acknowledged).
/// </summary>
public static class AlertButtons
{
    public static IReadOnlyList<AlertButton> For(ChannelPost post) => post switch
    {
        AlertMessage alert => ForAlert(alert),
        AlertDigest digest => ForDigest(digest),
        _ => throw new ArgumentOutOfRangeException(nameof(post), post.GetType().Name, "unknown post type"),
    };

    private static List<AlertButton> ForAlert(AlertMessage alert)
    {
        var buttons = new List<AlertButton>(3);
        if (alert.Acknowledged is null)
        {
            buttons.Add(Button(AlertAction.Acknowledge, "Acknowledge", alert.AlertId, $"ack {alert.AlertId}"));
        }

        if (alert.MatchedRules.Count > 0)
        {
            var rules = string.Join(" and ", alert.MatchedRules.Select(r => $"mute rule {r.Name}"));
            buttons.Add(Button(AlertAction.MuteRule, "Mute rule 24h", alert.AlertId, rules));
        }

        buttons.Add(Button(AlertAction.MuteFeed, "Mute feed 24h", alert.AlertId, $"mute feed {alert.FeedId}"));
        return buttons;
    }

    private static List<AlertButton> ForDigest(AlertDigest digest) =>
        digest.Entries.All(e => e.Acknowledged is not null)
            ? []
            : [Button(AlertAction.AcknowledgeAll, "Acknowledge all", digest.DigestId, $"ack {digest.DigestId}")];

    private static AlertButton Button(AlertAction action, string label, string postId, string typed) =>
        new(action, label, ButtonPayload.Format(action, postId), typed);
}
