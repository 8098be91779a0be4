using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat;

/// <summary>How a channel is told: <c>flood N</c> (live mode's grouping), <c>digest ...</c> and <c>pending</c> (digest mode).</summary>
internal sealed class ChannelModeCommands(IStore store, OutboxSignal outbox, TimedPostsSignal timedPosts, TimeProvider time)
{
    private const int PendingShown = 20;

    public async Task<ChatReply> FloodAsync(CommandContext context, ChatCommand.Flood command, CancellationToken cancellationToken)
    {
        var before = await store.SetFloodThresholdAsync(context.ChannelId, command.Threshold, context.Actor, cancellationToken);
        if (before == command.Threshold)
        {
            return ChatReply.Ephemeral(ReplyLine.Of($"This channel already groups more than {command.Threshold} alerts of one poll; nothing changed."));
        }

        return ChatReply.Announcement(ReplyLine.Of(context.Who,
            $" set flood grouping to {command.Threshold}: more than {ReplyText.Count(command.Threshold, "alert")} from one poll now become one grouped message (it was {before}); urgent alerts are never grouped."));
    }

    /// <summary>
    /// <c>digest SCHEDULE</c> holds the channel's non-urgent alerts until the next digest time;
    /// <c>digest off</c> goes back to live mode and posts what is held at once, as one digest.
    /// </summary>
    public async Task<ChatReply> DigestAsync(CommandContext context, ChatCommand.Digest command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (command.Schedule is { } schedule)
        {
            var next = schedule.Next(now);
            var before = await store.SetDigestScheduleAsync(context.ChannelId, schedule, next, context.Actor, cancellationToken);
            timedPosts.Notify();
            if (before == schedule)
            {
                return ChatReply.Ephemeral(ReplyLine.Of($"This channel already gets its digest {schedule.Describe()}; next {ReplyText.When(next)}. Nothing changed."));
            }

            return ChatReply.Announcement(
                ReplyLine.Of(context.Who, $" turned digest mode on: alerts are held and posted as one digest {schedule.Describe()}; the next is due {ReplyText.When(next)}."),
                ReplyLine.Of("Urgent alerts still go out at once. ", new Inline.Code("pending"), " lists what is held; ", new Inline.Code("digest off"), " posts it now."));
        }

        var previous = await store.SetDigestScheduleAsync(context.ChannelId, null, null, context.Actor, cancellationToken);
        timedPosts.Notify();
        if (previous is null)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("This channel is not in digest mode: alerts are posted as they come. Nothing changed."));
        }

        var held = (await store.GetDigestHeldAlertsAsync(context.ChannelId, cancellationToken)).Count;
        var digest = await store.ReleaseDigestAsync(context.ChannelId, dueAt: null, nextDigestAt: null, cancellationToken);
        if (digest is not null)
        {
            outbox.Notify();
        }

        return ChatReply.Announcement(ReplyLine.Of(context.Who, " turned digest mode off: alerts are posted as they come again",
            digest is null ? "." : $"; the {ReplyText.Count(held, "alert")} held are posted now as one digest ({digest})."));
    }

    public async Task<ChatReply> PendingAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var settings = await store.GetChannelSettingsAsync(context.ChannelId, cancellationToken);
        var held = await store.GetDigestHeldAlertsAsync(context.ChannelId, cancellationToken);
        if (settings.Digest is null && held.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("This channel is not in digest mode: nothing is held for a digest."));
        }

        var when = settings.NextDigestAt is { } next ? $" for the digest due {ReplyText.When(next)}" : " (digest mode is off; they are being posted)";
        var lines = new List<ReplyLine> { ReplyLine.Of(held.Count == 0 ? $"Nothing is held{when}." : $"{ReplyText.Count(held.Count, "alert")} held{when}:") };
        foreach (var alert in held.Take(PendingShown))
        {
            var message = alert.Message;
            lines.Add(ReplyLine.Bullet(new Inline.Code(message.AlertId), $" {AlertText.KindLabel(message.Kind)} · ",
                message.Link is { } link ? new Inline.Link(message.Title, link) : new Inline.Plain(message.Title),
                $" · {message.FeedId} · {ReplyText.When(alert.CreatedAt)}"));
        }

        if (held.Count > PendingShown)
        {
            lines.Add(ReplyLine.Of($"…and {held.Count - PendingShown} more."));
        }

        return ChatReply.Ephemeral([.. lines]);
    }
}
