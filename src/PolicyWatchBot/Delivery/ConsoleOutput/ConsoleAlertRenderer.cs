using System.Globalization;
using System.Text;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Delivery.ConsoleOutput;

/// <summary>Renders an alert as a few readable lines of plain text.</summary>
public static class ConsoleAlertRenderer
{
    public static string Render(AlertMessage alert)
    {
        var text = new StringBuilder();
        text.Append("━━ ").Append(alert.AlertId).Append(' ').Append(KindLabel(alert.Kind))
            .Append(" · ").Append(alert.FeedId).Append(" · ").Append(alert.ItemKey).Append('\n');
        text.Append("   ").Append(OneLine(alert.Title)).Append('\n');

        var facts = AlertFacts.Of(alert);
        if (facts.Count > 0)
        {
            text.Append("   ").Append(OneLine(string.Join(" · ", facts))).Append('\n');
        }

        if (alert.Summary is { } summary)
        {
            text.Append("   ").Append(OneLine(summary)).Append('\n');
        }

        foreach (var change in alert.Changes)
        {
            text.Append("   changed ").Append(OneLine(change.ToString())).Append('\n');
        }

        if (alert.MatchedRules.Count > 0)
        {
            text.Append("   matched ").Append(OneLine(string.Join("; ", alert.MatchedRules.Select(r =>
                r.Terms.Count == 0 ? r.Name : $"{r.Name} ({string.Join(", ", r.Terms)})")))).Append('\n');
        }

        if (alert.FirstAlertId is { } first)
        {
            text.Append("   follows ").Append(first).Append('\n');
        }

        if (alert.Link is { } link)
        {
            text.Append("   ").Append(link).Append('\n');
        }

        if (alert.Acknowledged is { } ack)
        {
            text.Append("   ").Append(AcknowledgedText(ack)).Append('\n');
        }

        if (alert.MuteNotice is { } mute)
        {
            text.Append("   ").Append(MutedText(mute)).Append('\n');
        }

        text.Append(ActionsLine(alert));
        return text.ToString();
    }

    /// <summary>The message's buttons as the commands a console user types instead: <c>   act: ack PW-3F9K · mute feed fr-bis</c>.</summary>
    public static string ActionsLine(ChannelPost post)
    {
        var buttons = AlertButtons.For(post);
        return buttons.Count == 0 ? "" : "   act: " + OneLine(string.Join(" · ", buttons.Select(b => b.TypedCommand))) + "\n";
    }

    /// <summary>
    /// What a console prints when a posted message is updated: a line per acknowledged alert, and
    /// the mute its button set.
    /// </summary>
    public static string RenderUpdate(ChannelPost post)
    {
        var acknowledged = post switch
        {
            AlertMessage alert => [(alert.AlertId, alert.Acknowledged)],
            AlertDigest digest => digest.Entries.Select(e => (e.AlertId, e.Acknowledged)).ToList(),
            _ => [],
        };
        var text = new StringBuilder();
        foreach (var (id, ack) in acknowledged)
        {
            if (ack is not null)
            {
                text.Append("── ").Append(id).Append(' ').Append(AcknowledgedText(ack)).Append('\n');
            }
        }

        if (post is AlertMessage { MuteNotice: { } mute } muted)
        {
            text.Append("── ").Append(muted.AlertId).Append(' ').Append(MutedText(mute)).Append('\n');
        }

        return text.ToString();
    }

    public static string MutedText(MuteNotice mute) =>
        $"{OneLine(mute.Muted)} muted until {Minute(mute.Until)} UTC by {OneLine(mute.By.UserName)}";

    private static string Minute(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string AcknowledgedText(Acknowledgement ack) =>
        $"acknowledged by {OneLine(ack.By.UserName)} at {Minute(ack.At)} UTC"
        + (string.IsNullOrWhiteSpace(ack.Note) ? "" : ": " + OneLine(ack.Note));

    public static string KindLabel(RevisionKind kind) => kind switch
    {
        RevisionKind.New => "New",
        RevisionKind.Changed => "Changed",
        RevisionKind.Published => "Published",
        RevisionKind.Corrected => "Corrected",
        RevisionKind.Withdrawn => "Withdrawn",
        _ => kind.ToString(),
    };

    // Feed text must not break the layout (or fake a second alert) with its own line breaks.
    internal static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
