using System.Globalization;
using System.Text;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Delivery.ConsoleOutput;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// An alert or a digest as a Discord message: one embed (title linked to the source, colour by
/// document type, the facts as fields, the summary with matched terms in bold, what changed, the
/// id in the footer) and one row of buttons (from <see cref="AlertButtons"/>, plus a link to the source).
/// </summary>
internal static class DiscordPostRenderer
{
    public const int DigestColor = 0x5865F2;
    private const int MaxButtonsPerRow = 5;

    public static DiscordWire.Message Render(ChannelPost post) => post switch
    {
        AlertMessage { Urgency: { } urgency } alert => UrgentMessage(alert, urgency),
        AlertMessage alert => Message(AlertEmbed(alert), Buttons(post, alert.Link)),
        AlertDigest digest => Message(DigestEmbed(digest), Buttons(post, null)),
        ReminderMessage reminder => Message(ReminderEmbed(reminder), []),
        FeedHealthNotice notice => Message(FeedNoticeEmbed(notice), []),
        _ => throw new ArgumentOutOfRangeException(nameof(post), post.GetType().Name, "unknown post type"),
    };

    /// <summary>Colour by document type: rules red, proposed rules orange, notices blue, presidential documents purple.</summary>
    public static int ColorOf(string? documentType) => documentType?.Trim().ToLowerInvariant() switch
    {
        "rule" or "final rule" => 0xC0392B,
        "proposed rule" => 0xE67E22,
        "notice" => 0x2980B9,
        "presidential document" => 0x8E44AD,
        "press release" or "news" => 0x27AE60,
        "paper" or "preprint" => 0x16A085,
        _ => 0x7F8C8D,
    };

    private static DiscordWire.Message Message(DiscordWire.Embed embed, List<DiscordWire.Button> buttons) => new()
    {
        Embeds = [DiscordEmbedLimits.Fit(embed)],
        Components = buttons.Count == 0 ? [] : [new DiscordWire.ActionRow { Components = buttons }],
    };

    /// <summary>
    /// An urgent alert: marked in its title and content, and pinging the rule's mentions, the only
    /// ids <c>allowed_mentions</c> lets through (everything else in the message pings nobody).
    /// </summary>
    private static DiscordWire.Message UrgentMessage(AlertMessage alert, string urgency)
    {
        var plain = Message(AlertEmbed(alert), Buttons(alert, alert.Link));
        var roles = alert.Mentions.Where(m => m.Kind == MentionKind.Group).Select(m => m.Id).ToList();
        var users = alert.Mentions.Where(m => m.Kind == MentionKind.User).Select(m => m.Id).ToList();
        var pings = string.Join(' ', alert.Mentions.Select(m => m.Kind == MentionKind.Group ? $"<@&{m.Id}>" : $"<@{m.Id}>"));
        return new DiscordWire.Message
        {
            Content = $"🚨 **Urgent** · {DiscordMarkdown.Escape(urgency)}" + (pings.Length > 0 ? " · " + pings : ""),
            Embeds = plain.Embeds,
            Components = plain.Components,
            AllowedMentions = new DiscordWire.AllowedMentions { Roles = roles.Count > 0 ? roles : null, Users = users.Count > 0 ? users : null },
        };
    }

    private static DiscordWire.Embed AlertEmbed(AlertMessage alert)
    {
        var kind = (alert.Urgency is null ? "" : "🚨 ") + (alert.Kind == Core.Items.RevisionKind.New ? "" : AlertText.KindLabel(alert.Kind) + ": ");
        var embed = new DiscordWire.Embed
        {
            Title = kind + DiscordMarkdown.Escape(alert.Title),
            Url = DiscordMarkdown.IsSafeUrl(alert.Link) ? alert.Link : null,
            Description = alert.Summary is { } summary ? MatchedTermsInBold(MarkedText.Summary(alert, summary)) : null,
            Color = ColorOf(alert.DocumentType),
            Footer = new DiscordWire.EmbedFooter { Text = $"{alert.AlertId} · {alert.ItemKey}" },
        };
        var fields = embed.Fields;
        Add(fields, "Now", alert.Stage is { } stage ? DiscordMarkdown.Escape(stage.Describe()) : null, inline: false);
        Add(fields, "Feed", $"{DiscordMarkdown.Escape(alert.FeedTitle)} ({DiscordMarkdown.Code(alert.FeedId)})", inline: true);
        Add(fields, "Type", Escaped(alert.Significant ? (alert.DocumentType is { } type ? type + " (significant)" : "significant") : alert.DocumentType), inline: true);
        Add(fields, alert.Agencies.Count > 1 ? "Agencies" : "Agency", Escaped(string.Join("; ", alert.Agencies)), inline: true);
        Add(fields, "Signed", Day(alert.SignedOn), inline: true);
        if (alert.OnPublicInspection)
        {
            // Not published yet: the scheduled date must not read as a publication.
            Add(fields, "Public inspection", DiscordMarkdown.Escape(AlertText.PublicInspection(alert)), inline: false);
        }
        else
        {
            Add(fields, "Published", Day(alert.PublishedOn), inline: true);
        }

        Add(fields, "Effective", Day(alert.EffectiveOn), inline: true);
        Add(fields, "Comments close", Day(alert.CommentsCloseOn), inline: true);
        Add(fields, "CFR", Escaped(string.Join(", ", alert.CfrReferences)), inline: true);
        Add(fields, alert.Dockets.Count > 1 ? "Dockets" : "Docket", Escaped(string.Join(", ", alert.Dockets)), inline: true);
        Add(fields, alert.Rins.Count > 1 ? "RINs" : "RIN", Escaped(string.Join(", ", alert.Rins)), inline: true);
        Add(fields, "Matched", string.Join("\n", alert.MatchedRules.Select(r =>
            DiscordMarkdown.Bold(r.Name) + (r.Terms.Count == 0 ? "" : ": " + DiscordMarkdown.Escape(string.Join(", ", r.Terms))))), inline: false);
        Add(fields, "What changed", string.Join("\n", alert.Changes.Select(c =>
        {
            if (AlertText.DateChange(c) is { } words)
            {
                return DiscordMarkdown.Escape(words);
            }

            var (old, current) = ChangeExcerpt.Of(c.Old, c.New);
            return $"{DiscordMarkdown.Bold(c.Field)}: {DiscordMarkdown.Escape(old ?? "(none)")} → {DiscordMarkdown.Escape(current ?? "(none)")}";
        })), inline: false);
        Add(fields, "Follows", alert.FirstAlertId is { } first ? $"the first alert of this item, {DiscordMarkdown.Code(first)}" : null, inline: false);
        Add(fields, "Acknowledged", alert.Acknowledged is { } ack ? DiscordMarkdown.Escape(AlertText.Acknowledged(ack)) : null, inline: false);
        Add(fields, "Muted", alert.MuteNotice is { } mute ? DiscordMarkdown.Escape(AlertText.Muted(mute)) : null, inline: false);
        return embed;
    }

    /// <summary>A deadline reminder, a reply to its action's thread parent: the date and how far off it is, then the action.</summary>
    private static DiscordWire.Embed ReminderEmbed(ReminderMessage reminder) => new()
    {
        Title = "⏰ " + DiscordMarkdown.Escape(reminder.Headline()),
        Url = DiscordMarkdown.IsSafeUrl(reminder.Link) ? reminder.Link : null,
        Description = DiscordMarkdown.Escape(AlertText.OneLine(reminder.Title)),
        Color = DigestColor,
        Footer = new DiscordWire.EmbedFooter { Text = $"{reminder.ReminderId} · about {reminder.AlertId} · {reminder.ItemKey}" },
    };

    /// <summary>A feed's trouble (amber) or recovery (green): what happened, what it means for the channel, the error.</summary>
    private static DiscordWire.Embed FeedNoticeEmbed(FeedHealthNotice notice) => new()
    {
        Title = (notice.Change == FeedHealthChange.Recovered ? "✅ " : "⚠️ ") + DiscordMarkdown.Escape(notice.Headline()),
        Description = DiscordMarkdown.Escape(notice.Meaning())
            + (notice.Reason is { } reason ? "\n\nLast error: " + DiscordMarkdown.Escape(AlertText.OneLine(reason)) : ""),
        Color = notice.Change == FeedHealthChange.Recovered ? 0x27AE60 : 0xF39C12,
        Footer = new DiscordWire.EmbedFooter { Text = $"{notice.NoticeId} · feed {notice.FeedId}" },
    };

    private static DiscordWire.Embed DigestEmbed(AlertDigest digest)
    {
        string? group = null;
        var lines = digest.Entries.Select(e =>
        {
            var title = e.Link is { } link ? DiscordMarkdown.Link(e.Title, link) : DiscordMarkdown.Escape(e.Title);
            var line = $"{DiscordMarkdown.Code(e.AlertId)} {AlertText.KindLabel(e.Kind)} · {DiscordMarkdown.Code(e.FeedId)} · {title}";
            if (digest.Reason == DigestReason.Scheduled && e.Dates is { } dates)
            {
                line += " · " + DiscordMarkdown.Escape(dates);
            }

            if (DigestGroups.HeadingOf(digest, e) is { } heading && heading != group)
            {
                line = $"{DiscordMarkdown.Bold(heading)}\n{line}";
                group = heading;
            }

            return e.Acknowledged is { } ack ? $"{line}\n  ✓ {DiscordMarkdown.Escape(AlertText.Acknowledged(ack))}" : line;
        }).ToList();
        return new DiscordWire.Embed
        {
            Title = DiscordMarkdown.Escape(digest.Heading),
            Description = WholeLines(lines, DiscordEmbedLimits.Description),
            Color = DigestColor,
            Footer = new DiscordWire.EmbedFooter { Text = $"{digest.DigestId} · acknowledge one alert with /policywatch ack ID" },
        };
    }

    /// <summary>As many whole lines as fit, then how many more there are (a line is never cut in the middle of a link).</summary>
    private static string WholeLines(List<string> lines, int max)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var more = $"\n…and {(lines.Count - i).ToString(CultureInfo.InvariantCulture)} more";
            if (text.Length + lines[i].Length + 1 + (i < lines.Count - 1 ? more.Length : 0) > max)
            {
                return text.Append(more).ToString();
            }

            text.Append(i == 0 ? "" : "\n").Append(lines[i]);
        }

        return text.ToString();
    }

    private static List<DiscordWire.Button> Buttons(ChannelPost post, string? link)
    {
        var buttons = AlertButtons.For(post).Select(b => new DiscordWire.Button
        {
            Style = b.Action is AlertAction.Acknowledge or AlertAction.AcknowledgeAll ? DiscordWire.Button.Primary : DiscordWire.Button.Secondary,
            Label = b.Label,
            CustomId = b.Payload,
        }).ToList();
        if (DiscordMarkdown.IsSafeUrl(link))
        {
            buttons.Add(new DiscordWire.Button { Style = DiscordWire.Button.Link, Label = "Open source", Url = link });
        }

        return buttons.Take(MaxButtonsPerRow).ToList();
    }

    /// <summary>The runs escaped, the marked ones (matched terms) in bold.</summary>
    internal static string MatchedTermsInBold(IReadOnlyList<TextRun> runs) =>
        string.Concat(runs.Select(r => r.Marked ? DiscordMarkdown.Bold(r.Text) : DiscordMarkdown.Escape(r.Text)));

    private static void Add(List<DiscordWire.EmbedField> fields, string name, string? value, bool inline)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields.Add(new DiscordWire.EmbedField { Name = name, Value = value, Inline = inline });
        }
    }

    private static string? Escaped(string? text) => string.IsNullOrWhiteSpace(text) ? null : DiscordMarkdown.Escape(text);

    private static string? Day(DateOnly? date) => date is { } day ? ReplyText.Day(day) : null;
}
