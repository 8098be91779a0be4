using System.Text;
using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Delivery.ConsoleOutput;

/// <summary>Renders a digest (a flood of one poll, or a mute's held alerts) as one block of lines.</summary>
public static class ConsoleDigestRenderer
{
    /// <param name="digest">The digest.</param>
    /// <param name="channel">The console channel it is for, named on the first line; null to leave it out.</param>
    public static string Render(AlertDigest digest, string? channel = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var text = new StringBuilder();
        text.Append("━━ ").Append(digest.DigestId).Append(' ').Append(digest.Heading).Append(ConsoleAlertRenderer.To(channel)).Append('\n');
        string? group = null;
        foreach (var entry in digest.Entries)
        {
            if (DigestGroups.HeadingOf(digest, entry) is { } heading && heading != group)
            {
                text.Append("   ── ").Append(AlertText.OneLine(heading)).Append('\n');
                group = heading;
            }

            text.Append("   ").Append(entry.AlertId).Append(' ').Append(AlertText.KindLabel(entry.Kind))
                .Append(" · ").Append(entry.FeedId).Append(" · ").Append(AlertText.OneLine(entry.Title));
            if (entry.Link is { } link)
            {
                text.Append(" · ").Append(link);
            }

            if (digest.Reason == DigestReason.Scheduled && entry.Dates is { } dates)
            {
                text.Append(" · ").Append(dates);
            }

            text.Append('\n');
            if (entry.Acknowledged is { } ack)
            {
                text.Append("      ").Append(AlertText.Acknowledged(ack)).Append('\n');
            }
        }

        text.Append(ConsoleAlertRenderer.ActionsLine(digest));
        return text.ToString();
    }
}
