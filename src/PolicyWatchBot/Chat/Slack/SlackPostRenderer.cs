using System.Text;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Delivery.ConsoleOutput;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>A message as Slack takes it: the notification (and fallback) text, and the blocks.</summary>
internal sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock>? Blocks);

/// <summary>
/// Renders alerts and digests as Block Kit: the linked title in bold, a context line (feed, type,
/// agencies, dates, CFR, dockets), the summary with the matched terms in bold, what changed, the
/// id, who acknowledged or muted it, and the buttons. Every piece of feed or user text is escaped,
/// and long text is cut to Block Kit's limits rather than refused.
/// </summary>
internal static class SlackPostRenderer
{
    private const int MaxTitle = 300;
    private const int MaxSummary = 2800;
    private const int MaxChangeValue = 400;

    public static SlackMessage Render(ChannelPost post) => post switch
    {
        AlertMessage alert => RenderAlert(alert),
        AlertDigest digest => RenderDigest(digest),
        ReminderMessage reminder => RenderReminder(reminder),
        FeedHealthNotice notice => RenderFeedNotice(notice),
        _ => throw new ArgumentOutOfRangeException(nameof(post), post.GetType().Name, "unknown post type"),
    };

    /// <summary>
    /// The same post as plain mrkdwn text without blocks, for when Slack refuses the blocks: the
    /// console's rendering, escaped, with the buttons as the commands to type.
    /// </summary>
    public static SlackMessage RenderPlain(ChannelPost post)
    {
        var text = post switch
        {
            AlertMessage alert => ConsoleAlertRenderer.Render(alert),
            AlertDigest digest => ConsoleDigestRenderer.Render(digest),
            ReminderMessage reminder => ConsoleAlertRenderer.Render(reminder),
            FeedHealthNotice notice => ConsoleAlertRenderer.Render(notice),
            _ => throw new ArgumentOutOfRangeException(nameof(post), post.GetType().Name, "unknown post type"),
        };
        return new SlackMessage(SlackText.Cut(SlackText.Escape(text), SlackLimits.MessageText), null);
    }

    private static SlackMessage RenderAlert(AlertMessage alert)
    {
        var kind = AlertText.KindLabel(alert.Kind);
        var title = SlackText.Cut(AlertText.OneLine(alert.Title), MaxTitle);
        var blocks = new List<SlackBlock>();
        var pings = string.Join(' ', alert.Mentions.Select(Ping));
        if (alert.Urgency is { } urgency)
        {
            blocks.Add(Section($":rotating_light: *Urgent* · {SlackText.Escape(urgency)}" + (pings.Length > 0 ? " · " + pings : "")));
        }

        blocks.Add(Section($"{SlackText.Escape(kind)}: *{(alert.Link is { } link ? SlackText.Link(link, title) : SlackText.Escape(title))}*"));

        if (alert.Stage is { } stage)
        {
            blocks.Add(Section(":pushpin: *Now:* " + SlackText.Escape(stage.Describe())));
        }

        if (Facts(alert) is { Length: > 0 } facts)
        {
            blocks.Add(Context(facts));
        }

        if (alert.Summary is { } summary)
        {
            blocks.Add(Section(Highlighted(MarkedText.Summary(alert, SlackText.Cut(AlertText.OneLine(summary), MaxSummary)))));
        }

        if (alert.Changes.Count > 0)
        {
            var changes = alert.Changes.Select(c => AlertText.DateChange(c) is { } words
                ? $"• {SlackText.Escape(words)}"
                : $"• {SlackText.Bold(c.Field)}: {Value(c.Old)} → {Value(c.New)}");
            blocks.Add(Section("*What changed*\n" + string.Join('\n', changes)));
        }

        var about = new List<string> { SlackText.Code(alert.AlertId) };
        if (alert.MatchedRules.Count > 0)
        {
            about.Add("matched " + string.Join("; ", alert.MatchedRules.Select(r =>
                r.Terms.Count == 0 ? SlackText.Bold(r.Name) : $"{SlackText.Bold(r.Name)} ({SlackText.Escape(string.Join(", ", r.Terms))})")));
        }

        if (alert.FirstAlertId is { } first)
        {
            about.Add("follows " + SlackText.Code(first));
        }

        blocks.Add(Context(string.Join(" · ", about)));
        if (alert.Acknowledged is { } ack)
        {
            blocks.Add(Context(":white_check_mark: " + SlackText.Escape(AlertText.Acknowledged(ack))));
        }

        if (alert.MuteNotice is { } mute)
        {
            blocks.Add(Context(":no_bell: " + SlackText.Escape(AlertText.Muted(mute))));
        }

        AddButtons(blocks, alert, alert.Link);
        var text = SlackText.Escape($"{(alert.Urgency is null ? "" : "Urgent: ")}{kind}: {title} ({alert.AlertId})");
        return new SlackMessage(SlackText.Cut(alert.Urgency is not null && pings.Length > 0 ? pings + " " + text : text, SlackLimits.MessageText), blocks);
    }

    /// <summary>A deadline reminder, posted in its action's thread: the date and how far off it is, then the action.</summary>
    private static SlackMessage RenderReminder(ReminderMessage reminder)
    {
        var title = SlackText.Cut(AlertText.OneLine(reminder.Title), MaxTitle);
        var headline = reminder.Headline();
        List<SlackBlock> blocks =
        [
            Section($":alarm_clock: *{SlackText.Escape(headline)}*"),
            Section(reminder.Link is { } link ? SlackText.Link(link, title) : SlackText.Escape(title)),
            Context($"{SlackText.Code(reminder.ReminderId)} · about {SlackText.Code(reminder.AlertId)} · {SlackText.Escape(reminder.ItemKey)}"),
        ];
        return new SlackMessage(SlackText.Cut(SlackText.Escape($"{headline}: {title} ({reminder.AlertId})"), SlackLimits.MessageText), blocks);
    }

    /// <summary>A feed's trouble or recovery: what happened, what it means for the channel, the error.</summary>
    private static SlackMessage RenderFeedNotice(FeedHealthNotice notice)
    {
        var headline = notice.Headline();
        var icon = notice.Change == FeedHealthChange.Recovered ? ":white_check_mark:" : ":warning:";
        List<SlackBlock> blocks =
        [
            Section($"{icon} *{SlackText.Escape(headline)}*"),
            Section(SlackText.Escape(notice.Meaning())),
        ];
        if (notice.Reason is { } reason)
        {
            blocks.Add(Section(SlackText.Cut("Last error: " + SlackText.Escape(AlertText.OneLine(reason)), MaxSummary)));
        }

        blocks.Add(Context($"{SlackText.Code(notice.NoticeId)} · feed {SlackText.Code(notice.FeedId)}"));
        return new SlackMessage(SlackText.Cut(SlackText.Escape($"{headline} ({notice.NoticeId})"), SlackLimits.MessageText), blocks);
    }

    /// <summary>A mention a manager attached to the rule, from its validated id: the only mention syntax the bot ever writes.</summary>
    private static string Ping(Mention mention) => mention.Kind == MentionKind.Group ? $"<!subteam^{mention.Id}>" : $"<@{mention.Id}>";

    private static SlackMessage RenderDigest(AlertDigest digest)
    {
        var blocks = new List<SlackBlock> { Section($"*{SlackText.Escape(digest.Heading)}* · {SlackText.Code(digest.DigestId)}") };

        // Entries fill sections (with room left for the "more" line); past the block limit the rest
        // is counted. Two blocks are kept for the last section and the buttons.
        const int sectionRoom = SlackLimits.SectionText - 100;
        var room = SlackLimits.Blocks - blocks.Count - 2;
        var section = new StringBuilder();
        var shown = 0;
        string? group = null;
        foreach (var entry in digest.Entries)
        {
            var line = EntryLine(entry, digest.Reason == DigestReason.Scheduled);
            if (DigestGroups.HeadingOf(digest, entry) is { } heading && heading != group)
            {
                line = $"*{SlackText.Escape(heading)}*\n{line}";
                group = heading;
            }

            if (section.Length > 0 && section.Length + 1 + line.Length > sectionRoom)
            {
                if (room == 0)
                {
                    break;
                }

                blocks.Add(Section(section.ToString()));
                room--;
                section.Clear();
            }

            section.Append(section.Length > 0 ? "\n" : "").Append(line);
            shown++;
        }

        if (shown < digest.Entries.Count)
        {
            section.Append($"\n…and {digest.Entries.Count - shown} more; `muted` and `status` list them.");
        }

        blocks.Add(Section(section.ToString()));
        AddButtons(blocks, digest, link: null);
        return new SlackMessage(SlackText.Cut(SlackText.Escape($"{digest.Heading} ({digest.DigestId})"), SlackLimits.MessageText), blocks);
    }

    private static string EntryLine(DigestEntry entry, bool withDates)
    {
        var title = SlackText.Cut(AlertText.OneLine(entry.Title), MaxTitle);
        var line = $"• {SlackText.Code(entry.AlertId)} {SlackText.Escape(AlertText.KindLabel(entry.Kind))} · {SlackText.Escape(entry.FeedId)} · "
            + (entry.Link is { } link ? SlackText.Link(link, title) : SlackText.Escape(title))
            + (withDates && entry.Dates is { } dates ? " · " + SlackText.Escape(dates) : "");
        return entry.Acknowledged is { } ack
            ? line + "\n      :white_check_mark: " + SlackText.Escape(AlertText.Acknowledged(ack))
            : line;
    }

    private static void AddButtons(List<SlackBlock> blocks, ChannelPost post, string? link)
    {
        var buttons = AlertButtons.For(post).Select(b => new SlackButton(
            SlackTextObject.Plain(SlackText.Cut(b.Label, SlackLimits.ButtonText)), b.Payload, b.Payload,
            Style: b.Action is AlertAction.Acknowledge or AlertAction.AcknowledgeAll ? "primary" : null)).ToList();
        if (link is not null && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsoluteUri.Length <= SlackLimits.ButtonUrl)
        {
            buttons.Add(new SlackButton(SlackTextObject.Plain("Open source"), SlackInteractions.OpenSourceAction, Url: uri.AbsoluteUri));
        }

        if (buttons.Count > 0)
        {
            blocks.Add(new ActionsBlock(buttons));
        }
    }

    private static string Facts(AlertMessage alert) =>
        SlackText.Cut(SlackText.Escape(AlertText.OneLine(string.Join(" · ", AlertText.Facts(alert).Prepend(alert.FeedTitle)))), SlackLimits.ContextText);

    /// <summary>The runs escaped, the marked ones (matched terms) in bold.</summary>
    internal static string Highlighted(IReadOnlyList<TextRun> runs) =>
        SlackText.Cut(string.Concat(runs.Select(r => r.Marked ? SlackText.Bold(r.Text) : SlackText.Escape(r.Text))), SlackLimits.SectionText);

    private static string Value(string? value) =>
        value is null ? "_(none)_" : SlackText.Escape(SlackText.Cut(AlertText.OneLine(value), MaxChangeValue));

    private static SectionBlock Section(string mrkdwn) => new(SlackTextObject.Mrkdwn(SlackText.Cut(mrkdwn, SlackLimits.SectionText)));

    private static ContextBlock Context(string mrkdwn) => new([SlackTextObject.Mrkdwn(SlackText.Cut(mrkdwn, SlackLimits.ContextText))]);
}
