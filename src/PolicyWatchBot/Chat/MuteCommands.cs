using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat;

/// <summary>
/// <c>mute</c>, <c>unmute</c>, <c>muted</c>, and the Mute rule 24h / Mute feed 24h buttons. Muted
/// alerts are kept; when a mute ends they are offered as one summary message.
/// </summary>
internal sealed class MuteCommands(IStore store, FeedCommands feeds, HeldAlertRelease heldAlerts, OutboxSignal outbox, TimeProvider time)
{
    private static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    private const int HeldShown = 20;

    public async Task<ChatReply> MuteAsync(CommandContext context, ChatCommand.Mute command, CancellationToken cancellationToken)
    {
        if (CheckDuration(command.Duration) is { } badDuration)
        {
            return badDuration;
        }

        var target = await ResolveAsync(context, command.Target, cancellationToken);
        if (target.Error is { } error)
        {
            return ChatReply.Invalid(error);
        }

        return await MuteTargetsAsync(context, [target.Target!], command.Duration, from: null, cancellationToken);
    }

    public async Task<ChatReply> MuteAlertRulesAsync(CommandContext context, ChatCommand.MuteAlertRules command, CancellationToken cancellationToken)
    {
        if (await store.FindAlertAsync(context.ChannelId, command.AlertId, cancellationToken) is not { } alert)
        {
            return ChatReply.Invalid(AckCommand.NoSuchAlert(command.AlertId));
        }

        var existing = (await store.GetRulesAsync(context.ChannelId, cancellationToken)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var rules = alert.Message.MatchedRules.Select(r => r.Name).Where(existing.Contains).ToList();
        if (rules.Count == 0)
        {
            return ChatReply.Invalid(alert.Message.MatchedRules.Count == 0
                ? $"{command.AlertId} matched no rule (this channel had none), so there is no rule to mute; mute its feed instead. Nothing changed."
                : $"The rules that matched {command.AlertId} were removed since; nothing to mute. Nothing changed.");
        }

        return await MuteTargetsAsync(context, rules.Select(MuteTarget.Rule).ToList(), command.Duration, command.AlertId, cancellationToken);
    }

    public async Task<ChatReply> MuteAlertFeedAsync(CommandContext context, ChatCommand.MuteAlertFeed command, CancellationToken cancellationToken)
    {
        if (await store.FindAlertAsync(context.ChannelId, command.AlertId, cancellationToken) is not { } alert)
        {
            return ChatReply.Invalid(AckCommand.NoSuchAlert(command.AlertId));
        }

        return await MuteTargetsAsync(context, [MuteTarget.Feed(alert.Message.FeedId)], command.Duration, command.AlertId, cancellationToken);
    }

    public async Task<ChatReply> UnmuteAsync(CommandContext context, ChatCommand.Unmute command, CancellationToken cancellationToken)
    {
        var target = command.Target.Scope == MuteScope.Rule && RuleName.Normalize(command.Target.Name ?? "") is { } name
            ? MuteTarget.Rule(name)
            : command.Target with { Name = command.Target.Name?.Trim().ToLowerInvariant() };
        var ended = await store.EndMuteAsync(context.ChannelId, target, context.Actor, cancellationToken);
        if (ended is null)
        {
            var active = await store.GetActiveMutesAsync(context.ChannelId, cancellationToken);
            return ChatReply.Invalid(active.Count == 0
                ? $"{ReplyText.Capitalized(target.ToString())} is not muted; nothing in this channel is. Nothing changed."
                : $"{ReplyText.Capitalized(target.ToString())} is not muted; active mutes: {ReplyText.List(active.Select(m => m.Target.ToString()))}. Nothing changed.");
        }

        var digest = await heldAlerts.ReleaseAsync(context.ChannelId, [ended], cancellationToken);
        var released = digest is null
            ? await StillHeldAsync(context, ended, cancellationToken)
            : ReplyLine.Of($"The {ReplyText.Count(digest.Entries.Count, "alert")} it held back {(digest.Entries.Count == 1 ? "is" : "are")} posted now as one message (",
                new Inline.Code(digest.DigestId), ").");
        return ChatReply.Announcement(ReplyLine.Of(context.Who, " unmuted ", new Inline.Strong(ended.Target.ToString()), "."), released);
    }

    /// <summary>After an unmute released nothing: whether it held nothing, or its alerts stay held by other mutes (and which).</summary>
    private async Task<ReplyLine> StillHeldAsync(CommandContext context, Mute ended, CancellationToken cancellationToken)
    {
        var held = (await store.GetHeldAlertsAsync(context.ChannelId, cancellationToken)).Where(a => MuteRules.Covers(ended, a.Message)).ToList();
        if (held.Count == 0)
        {
            return ReplyLine.Of("It held no alert back.");
        }

        var active = await store.GetActiveMutesAsync(context.ChannelId, cancellationToken);
        var holding = active.Where(m => held.Any(a => MuteRules.Covers(m, a.Message))).Select(m => m.Target.ToString()).ToList();
        return ReplyLine.Of($"The {ReplyText.Count(held.Count, "alert")} it held back {(held.Count == 1 ? "is" : "are")} still held by {ReplyText.List(holding)}.");
    }

    public async Task<ChatReply> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = await store.GetActiveMutesAsync(context.ChannelId, cancellationToken);
        var held = await store.GetHeldAlertsAsync(context.ChannelId, cancellationToken);
        var forDigest = (await store.GetDigestHeldAlertsAsync(context.ChannelId, cancellationToken)).Count;
        var digestLine = ReplyLine.Of($"{ReplyText.Count(forDigest, "alert")} held for the channel's digest; ", new Inline.Code("pending"), " lists them.");
        if (active.Count == 0 && held.Count == 0)
        {
            return forDigest == 0
                ? ChatReply.Ephemeral(ReplyLine.Of("Nothing is muted in this channel."))
                : ChatReply.Ephemeral(ReplyLine.Of("Nothing is muted in this channel."), digestLine);
        }

        var lines = new List<ReplyLine>();
        lines.Add(ReplyLine.Of(active.Count == 0 ? "No active mute." : $"{ReplyText.Count(active.Count, "active mute")}:"));
        foreach (var mute in active.OrderBy(m => m.Until))
        {
            lines.Add(ReplyLine.Bullet(new Inline.Strong(mute.Target.ToString()),
                $" until {ReplyText.When(mute.Until)} ({ReplyText.Span(mute.Until - now)} left), by ", new Inline.User(mute.CreatedBy.UserId, mute.CreatedBy.UserName)));
        }

        lines.Add(ReplyLine.Of(held.Count == 0 ? "No alert held back." : $"{ReplyText.Count(held.Count, "alert")} held back:"));
        foreach (var alert in held.Take(HeldShown))
        {
            var message = alert.Message;
            lines.Add(ReplyLine.Bullet(new Inline.Code(message.AlertId), " · ",
                message.Link is { } link ? new Inline.Link(message.Title, link) : new Inline.Plain(message.Title),
                $" · {message.FeedId} · {ReplyText.When(alert.CreatedAt)}"));
        }

        if (held.Count > HeldShown)
        {
            lines.Add(ReplyLine.Of($"…and {held.Count - HeldShown} more; they are all posted as one message when the mutes end."));
        }

        if (forDigest > 0)
        {
            lines.Add(digestLine);
        }

        return ChatReply.Ephemeral([.. lines]);
    }

    private async Task<ChatReply> MuteTargetsAsync(CommandContext context, List<MuteTarget> targets, TimeSpan duration, string? from, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + duration;
        var what = targets.Count == 1 ? targets[0].ToString() : $"rules {ReplyText.List(targets.Select(t => t.Name!))}";

        // A button was pressed: the alert's own message is updated to show the mute.
        var noticeOn = from is null ? ((string, MuteNotice)?)null : (from, new MuteNotice(what, context.Actor, time.GetUtcNow(), until));
        var replaced = await store.AddMutesAsync(context.ChannelId, targets, until, context.Actor, noticeOn, cancellationToken);
        if (from is not null)
        {
            outbox.Notify();
        }

        var line = ReplyLine.Of(context.Who, " muted ", new Inline.Strong(what), $" for {DurationText.Format(duration)}, until {ReplyText.When(until)}",
            from is null ? "" : $" (from {from})",
            replaced.Count == 0 ? "." : $"; this replaces the mute that ran until {ReplyText.When(replaced.Max(m => m.Until))}.");
        return ChatReply.Announcement(line, ReplyLine.Of("Alerts it holds back are kept: see ", new Inline.Code("muted"), "; they are posted as one message when it ends."));
    }

    private async Task<(MuteTarget? Target, string? Error)> ResolveAsync(CommandContext context, MuteTarget typed, CancellationToken cancellationToken)
    {
        switch (typed.Scope)
        {
            case MuteScope.Rule:
                var validated = RuleName.Validate(typed.Name);
                if (!validated.IsValid)
                {
                    return (null, ReplyText.Capitalized(validated.Error) + "; nothing changed.");
                }

                var names = (await store.GetRulesAsync(context.ChannelId, cancellationToken)).Select(r => r.Name).ToList();
                if (!names.Contains(validated.Name, StringComparer.Ordinal))
                {
                    var closest = ClosestMatch.Find(validated.Name, names);
                    return (null, names.Count == 0
                        ? $"This channel has no rules, so there is no rule {validated.Name} to mute; mute a feed or the channel instead. Nothing changed."
                        : closest is null
                            ? $"This channel has no rule named {validated.Name}; its rules are {ReplyText.List(names)}. Nothing changed."
                            : $"This channel has no rule named {validated.Name}; did you mean {closest}? Nothing changed.");
                }

                return (MuteTarget.Rule(validated.Name), null);
            case MuteScope.Feed:
                var received = feeds.FeedsOf(await store.GetSubscriptionsAsync(context.ChannelId, cancellationToken));
                var id = typed.Name?.Trim().ToLowerInvariant() ?? "";
                if (received.FirstOrDefault(f => f.Id.Value == id) is { } feed)
                {
                    return (MuteTarget.Feed(feed.Id.Value), null);
                }

                return (null, feeds.IsKnown(id)
                    ? $"This channel does not receive {id}, so there is nothing to mute. Nothing changed."
                    : feeds.UnknownFeed(id));
            default:
                return (MuteTarget.Channel, null);
        }
    }

    private static ChatReply? CheckDuration(TimeSpan duration) => duration < MinDuration || duration > CommandParser.MaxMuteDuration
        ? ChatReply.Invalid($"A mute lasts from 1 minute to {DurationText.Format(CommandParser.MaxMuteDuration)}; got {DurationText.Format(duration)}. Nothing changed.", CommandCatalog.Find("mute")!.Usage)
        : null;
}
