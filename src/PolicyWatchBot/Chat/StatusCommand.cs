using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;

namespace PolicyWatchBot.Chat;

/// <summary><c>status</c>: version, uptime, feed health, how far its feeds' history goes, the outbox, this channel's last alert and recent changes.</summary>
internal sealed class StatusCommand(IStore store, FeedCatalog catalog, FeedCommands feeds, BotInstance bot, ReminderCommands reminders, TimeProvider time)
{
    private const int RecentChanges = 5;
    private const int ParkedGroupsListed = 5;
    private const int RemindersListed = 3;

    public async Task<ChatReply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lines = new List<ReplyLine>
        {
            ReplyLine.Of(new Inline.Strong($"PolicyWatchBot {bot.Version}"), bot.Worker switch
            {
                { IsThisProcess: true } worker => $", up {ReplyText.Span(now - worker.StartedAt)} (since {ReplyText.When(worker.StartedAt)}).",
                { } worker => $": the worker{(worker.ProcessId is { } pid ? $" (pid {pid})" : "")} is up {ReplyText.Span(now - worker.StartedAt)} (since {ReplyText.When(worker.StartedAt)}).",
                null => ": no worker is running on this database ('policywatch run' polls on schedule and delivers).",
            }),
        };

        var states = (await store.GetFeedStatesAsync(cancellationToken)).ToDictionary(s => s.Feed);
        var failing = catalog.Feeds.Where(f => states.GetValueOrDefault(f.Id)?.IsFailing == true).ToList();
        var unpolled = catalog.Feeds.Count(f => states.GetValueOrDefault(f.Id)?.LastPolledAt is null);
        var healthy = catalog.Feeds.Count - failing.Count - unpolled;
        lines.Add(ReplyLine.Of($"Feeds: {healthy} healthy, {failing.Count} failing" + (unpolled > 0 ? $", {unpolled} not polled yet." : ".")));
        foreach (var feed in failing)
        {
            lines.Add(ReplyLine.Bullet(new Inline.Code(feed.Id.Value), " ", FeedCommands.Health(states[feed.Id])));
        }

        var subscribed = feeds.FeedsOf(await store.GetSubscriptionsAsync(context.ChannelId, cancellationToken));
        lines.AddRange(await FeedHistoryLines.OfAsync(store, subscribed, cancellationToken));

        var counts = await store.GetOutboxCountsAsync(cancellationToken);
        lines.Add(ReplyLine.Of($"Outbox: {counts.Backlog} waiting to be sent, {counts.Muted} held by mutes, {counts.Parked} parked, {counts.Failed} failed (all channels)."));
        lines.AddRange(await ParkedLinesAsync(cancellationToken));

        var settings = await store.GetChannelSettingsAsync(context.ChannelId, cancellationToken);
        lines.Add(settings.Digest is { } digest
            ? ReplyLine.Of($"Mode here: digest {digest.Describe()}, next {(settings.NextDigestAt is { } next ? ReplyText.When(next) : "not scheduled")}; urgent alerts go out at once.")
            : ReplyLine.Of($"Mode here: live, grouping more than {ReplyText.Count(settings.FloodThreshold, "alert")} of one poll into one message."));
        lines.Add(ReplyLine.Of(ReminderCommands.Plans(settings.Remind)));
        lines.AddRange(await reminders.StatusLinesAsync(context.ChannelId, RemindersListed, cancellationToken));

        var activity = await store.GetChannelActivityAsync(context.ChannelId, cancellationToken);
        foreach (var failed in activity.Failed)
        {
            lines.Add(ReplyLine.Bullet(new Inline.Code(failed.Message.AlertId), " could not be delivered here: ", failed.LastError ?? "no reason recorded"));
        }

        lines.Add(activity.LastAlert is { } last
            ? ReplyLine.Of("Last alert here: ", new Inline.Code(last.Message.AlertId), " · ",
                last.Message.Link is { } link ? new Inline.Link(last.Message.Title, link) : new Inline.Plain(last.Message.Title),
                $" · {ReplyText.When(last.CreatedAt)} ({last.Status.ToString().ToLowerInvariant()})")
            : ReplyLine.Of("No alert in this channel yet."));

        var audit = await store.GetRecentAuditAsync(context.ChannelId, RecentChanges, cancellationToken);
        if (audit.Count > 0)
        {
            lines.Add(ReplyLine.Of("Recent changes here:"));
            foreach (var entry in audit)
            {
                var change = (entry.Before, entry.After) switch
                {
                    (null or "", null or "") => "",
                    (null or "", var after) => $": {after}",
                    (var before, null or "") => $": {before}",
                    var (before, after) => $": {before} → {after}",
                };
                lines.Add(ReplyLine.Bullet($"{ReplyText.When(entry.At)} · ", new Inline.User(entry.Actor.UserId, entry.Actor.UserName), $" · {entry.Action}{change}"));
            }
        }

        return ChatReply.Ephemeral([.. lines]);
    }

    /// <summary>Why posts are parked, per channel and reason: what someone has to fix.</summary>
    private async Task<IEnumerable<ReplyLine>> ParkedLinesAsync(CancellationToken cancellationToken)
    {
        var parked = await store.GetParkedAsync(cancellationToken);
        var lines = parked.Take(ParkedGroupsListed).Select(p => ReplyLine.Bullet(
            $"{p.Count} parked for ", new Inline.Strong(p.ChannelName), $" ({p.Channel.Platform}): {p.Reason}; next try {ReplyText.When(p.NextTry)}"));
        return parked.Count > ParkedGroupsListed
            ? lines.Append(ReplyLine.Bullet($"and {parked.Count - ParkedGroupsListed} more channels with parked posts"))
            : lines;
    }
}
