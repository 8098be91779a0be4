using System.Text;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Delivery.ConsoleOutput;

/// <summary>
/// Renders an alert as a few readable lines of plain text. A reply in a thread starts with an
/// indented <c>↳</c> line naming the thread's parent, and its lines are indented under it.
/// </summary>
public static class ConsoleAlertRenderer
{
    private const string Indent = "   ";

    /// <param name="alert">The alert.</param>
    /// <param name="channel">The console channel it is for, named on the first line (<c>→ #desk</c>); null where the
    /// reader is in the channel already (Slack's plain-text fallback).</param>
    /// <param name="threadParentId">The parent alert's id when the alert is a reply in its thread.</param>
    public static string Render(AlertMessage alert, string? channel = null, string? threadParentId = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = new StringBuilder();
        var head = $"{alert.AlertId} {AlertText.KindLabel(alert.Kind)} · {alert.FeedId} · {alert.ItemKey}{To(channel)}";
        text.Append(threadParentId is null ? "━━ " + head : $"{Indent}↳ {threadParentId} · {head}").Append('\n');
        var body = RenderBody(alert);
        text.Append(threadParentId is null ? body : string.Concat(body.Split('\n').Select(line => line.Length == 0 ? "" : Indent + line + "\n")));
        return text.ToString();
    }

    /// <summary>A deadline reminder: under its thread's parent (<c>↳</c>) when it has one, else a message of its own.</summary>
    public static string Render(ReminderMessage reminder, string? channel = null, string? threadParentId = null)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var head = $"{reminder.ReminderId} Reminder · {reminder.FeedId} · {reminder.ItemKey}{To(channel)}";
        var body = new StringBuilder()
            .Append("   ").Append(reminder.Headline()).Append('\n')
            .Append("   ").Append(AlertText.OneLine(reminder.Title)).Append('\n');
        if (reminder.Link is { } link)
        {
            body.Append("   ").Append(link).Append('\n');
        }

        body.Append("   about ").Append(reminder.AlertId).Append('\n');
        return threadParentId is null
            ? "━━ " + head + "\n" + body
            : $"{Indent}↳ {threadParentId} · {head}\n" + string.Concat(body.ToString().Split('\n').Select(line => line.Length == 0 ? "" : Indent + line + "\n"));
    }

    /// <summary>A feed's trouble or recovery: what happened, what it means for the channel, the error.</summary>
    public static string Render(FeedHealthNotice notice, string? channel = null)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var text = new StringBuilder()
            .Append("━━ ").Append(notice.NoticeId).Append(" Feed health · ").Append(notice.FeedId).Append(To(channel)).Append('\n')
            .Append(Indent).Append(notice.Change == FeedHealthChange.Recovered ? "" : "!! ").Append(notice.Headline()).Append('\n')
            .Append(Indent).Append(notice.Meaning()).Append('\n');
        if (notice.Reason is { } reason)
        {
            text.Append(Indent).Append("Last error: ").Append(AlertText.OneLine(reason)).Append('\n');
        }

        return text.ToString();
    }

    private static string RenderBody(AlertMessage alert)
    {
        var text = new StringBuilder();
        if (alert.Urgency is { } urgency)
        {
            text.Append("   !! URGENT: ").Append(AlertText.OneLine(urgency))
                .Append(alert.Mentions.Count > 0 ? " · notify " + string.Join(' ', alert.Mentions.Select(m => "@" + m.Id)) : "").Append('\n');
        }

        text.Append("   ").Append(AlertText.OneLine(alert.Title)).Append('\n');
        if (alert.Stage is { } stage)
        {
            text.Append("   now: ").Append(stage.Describe()).Append('\n');
        }

        var facts = AlertText.Facts(alert);
        if (facts.Count > 0)
        {
            text.Append("   ").Append(AlertText.OneLine(string.Join(" · ", facts))).Append('\n');
        }

        if (alert.Summary is { } summary)
        {
            text.Append("   ");
            foreach (var run in MarkedText.Summary(alert, AlertText.OneLine(summary)))
            {
                text.Append(run.Marked ? "**" + run.Text + "**" : run.Text);
            }

            text.Append('\n');
        }

        foreach (var change in alert.Changes)
        {
            text.Append("   changed ").Append(AlertText.OneLine(AlertText.DateChange(change) ?? change.ToString())).Append('\n');
        }

        if (alert.MatchedRules.Count > 0)
        {
            text.Append("   matched ").Append(AlertText.OneLine(string.Join("; ", alert.MatchedRules.Select(r =>
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
            text.Append("   ").Append(AlertText.Acknowledged(ack)).Append('\n');
        }

        if (alert.MuteNotice is { } mute)
        {
            text.Append("   ").Append(AlertText.Muted(mute)).Append('\n');
        }

        text.Append(ActionsLine(alert));
        return text.ToString();
    }

    /// <summary>The message's buttons as the commands a console user types instead: <c>   act: ack PW-3F9K · mute feed fr-bis</c>.</summary>
    public static string ActionsLine(ChannelPost post)
    {
        var buttons = AlertButtons.For(post);
        return buttons.Count == 0 ? "" : "   act: " + AlertText.OneLine(string.Join(" · ", buttons.Select(b => b.TypedCommand))) + "\n";
    }

    /// <summary>
    /// What a console prints when a posted message is updated: a line per acknowledged alert, the
    /// mute its button set, and where a thread's action stands now.
    /// </summary>
    public static string RenderUpdate(ChannelPost post, string? channel = null)
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
                text.Append("── ").Append(id).Append(In(channel)).Append(AlertText.Acknowledged(ack)).Append('\n');
            }
        }

        if (post is AlertMessage { MuteNotice: { } mute } muted)
        {
            text.Append("── ").Append(muted.AlertId).Append(In(channel)).Append(AlertText.Muted(mute)).Append('\n');
        }

        if (post is AlertMessage { Stage: { } stage } parent)
        {
            text.Append("── ").Append(parent.AlertId).Append(In(channel)).Append("now: ").Append(stage.Describe()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Where a post goes, at the end of its first line: <c> → #desk</c>.</summary>
    internal static string To(string? channel) => channel is null ? "" : " → " + Hashed(channel);

    private static string In(string? channel) => channel is null ? " " : $" in {Hashed(channel)}: ";

    private static string Hashed(string channel) => "#" + AlertText.OneLine(channel).TrimStart('#');
}
