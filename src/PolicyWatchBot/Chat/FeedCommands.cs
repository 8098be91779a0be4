using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;

namespace PolicyWatchBot.Chat;

/// <summary><c>feeds</c>, <c>subscribe</c>, <c>unsubscribe</c> and <c>subscriptions</c>.</summary>
internal sealed class FeedCommands(IStore store, FeedCatalog catalog, FeedSecrets secrets)
{
    public const string All = "all";

    public async Task<ChatReply> ListAsync(CancellationToken cancellationToken)
    {
        var health = (await store.GetFeedStatesAsync(cancellationToken)).ToDictionary(s => s.Feed);
        var lines = new List<ReplyLine> { ReplyLine.Of(new Inline.Strong(ReplyText.Count(catalog.Feeds.Count, "feed")), " in the catalogue, by jurisdiction:") };
        foreach (var group in catalog.Feeds.GroupBy(f => f.Jurisdiction).OrderBy(g => Jurisdictions.Order(g.Key)))
        {
            lines.Add(ReplyLine.Of(new Inline.Strong($"{Jurisdictions.NameOf(group.Key)} ({group.Key})"), $": {ReplyText.Count(group.Count(), "feed")}"));
            foreach (var feed in group.OrderBy(f => f.Id.Value, StringComparer.Ordinal))
            {
                var tags = feed.Tags.Count == 0 ? "" : " · " + string.Join(' ', feed.Tags.Select(t => "#" + t));
                lines.Add(ReplyLine.Bullet(
                    new Inline.Code(feed.Id.Value), " ", feed.Title, $" · {ReplyText.Schedule(feed.Schedule)}{tags} · ",
                    feed.Verified ? "verified · " : "not yet checked against the live source · ",
                    secrets.Needs(feed) is { } needs ? "not polled: " + needs : Health(health.GetValueOrDefault(feed.Id))));
            }
        }

        lines.Add(ReplyLine.Of("Subscribe with ", new Inline.Code("subscribe FEED"), ", a ", new Inline.Code("#tag"), " or ", new Inline.Code(All), "."));
        return ChatReply.Ephemeral([.. lines]);
    }

    public async Task<ChatReply> SubscribeAsync(CommandContext context, ChatCommand.Subscribe command, CancellationToken cancellationToken)
    {
        var (targets, error) = Resolve(command.Targets);
        if (error is not null)
        {
            return ChatReply.Invalid(error);
        }

        var added = await store.AddSubscriptionsAsync(context.ChannelId, targets, context.Actor, cancellationToken);
        var already = targets.Except(added).ToList();
        if (added.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of($"This channel already subscribes to {ReplyText.List(already)}; nothing changed."));
        }

        var lines = new List<ReplyLine>
        {
            ReplyLine.Of(context.Who, " subscribed this channel to ", new Inline.Strong(ReplyText.List(added)),
                already.Count > 0 ? $" ({ReplyText.List(already)} already subscribed)." : "."),
        };
        if ((await store.GetRulesAsync(context.ChannelId, cancellationToken)).Count == 0)
        {
            lines.Add(ReplyLine.Of("This channel has no rules yet, so every new item of these feeds will be posted; narrow it with ",
                new Inline.Code("rule add NAME EXPRESSION"), "."));
        }

        lines.Add(await StoredItemsLineAsync(FeedsOf(added), cancellationToken));
        lines.AddRange(await TroubleLinesAsync(FeedsOf(added), cancellationToken));

        return ChatReply.Announcement([.. lines]);
    }

    // A feed subscribed in the middle of its trouble brings no alerts for now. The channel was not
    // subscribed when the others were told, so it is told here, and told with them when it recovers.
    private async Task<List<ReplyLine>> TroubleLinesAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        var lines = new List<ReplyLine>();
        foreach (var feed in feeds)
        {
            var outage = await store.GetOpenOutageAsync(feed.Id, cancellationToken);
            var state = await store.GetFeedStateAsync(feed.Id, cancellationToken);
            if (outage is null && !state.IsFailing)
            {
                continue;
            }

            var trouble = outage?.Cause == FeedHealthChange.Empty
                ? $" answers with zero items where it had some ({state.Warning ?? "no reason recorded"})."
                : $" is failing: {ReplyText.Count(state.ConsecutiveFailures, "poll")} in a row failed (last error: {state.LastError ?? "no reason recorded"}).";
            var since = (outage?.Since ?? state.LastSuccessAt) is { } at ? $" No alerts from {feed.Id} since {ReplyText.When(at)}" : " It has never been read";
            lines.Add(ReplyLine.Of(new Inline.Strong("Note:"), " ", new Inline.Code(feed.Id.Value), trouble + since
                + (outage is null ? "." : "; this channel will be told when it recovers.")));
        }

        return lines;
    }

    // Alerts start with the revisions made from now on; what the feeds already hold is there for rule test.
    private async Task<ReplyLine> StoredItemsLineAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        var history = await store.DescribeHistoryAsync(feeds.Select(f => f.Id).ToList(), DateOnly.MinValue, cancellationToken);
        if (history.ItemsSince == 0)
        {
            return ReplyLine.Of("Nothing is stored for these feeds yet: their first poll alerts only items of the last days and keeps the older ones as history.");
        }

        var since = history.Oldest is { } oldest ? $" (since {oldest:yyyy-MM-dd})" : "";
        return ReplyLine.Of($"Alerts come for what changes from now on; {(feeds.Count == 1 ? "the feed holds" : "these feeds hold")} {ReplyText.Count(history.ItemsSince, "stored item")}{since}: see what your rules would have caught with ",
            new Inline.Code("rule test --days 30 EXPRESSION"), ".");
    }

    public async Task<ChatReply> UnsubscribeAsync(CommandContext context, ChatCommand.Unsubscribe command, CancellationToken cancellationToken)
    {
        var current = await store.GetSubscriptionsAsync(context.ChannelId, cancellationToken);
        var targets = new List<string>();
        foreach (var typed in command.Targets.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            var target = catalog.Find(typed)?.Id.Value ?? typed;
            if (!current.Contains(target, StringComparer.Ordinal))
            {
                return ChatReply.Invalid(NotSubscribed(target, current));
            }

            targets.Add(target);
        }

        await store.RemoveSubscriptionsAsync(context.ChannelId, targets, context.Actor, cancellationToken);

        var remaining = current.Except(targets, StringComparer.Ordinal).ToList();
        return ChatReply.Announcement(
            ReplyLine.Of(context.Who, " unsubscribed this channel from ", new Inline.Strong(ReplyText.List(targets)), "."),
            ReplyLine.Of(remaining.Count == 0 ? "This channel now subscribes to no feed and will get no alerts." : $"Still subscribed: {ReplyText.List(remaining)}."));
    }

    public async Task<ChatReply> ListSubscriptionsAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var targets = await store.GetSubscriptionsAsync(context.ChannelId, cancellationToken);
        if (targets.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("This channel subscribes to no feed. See ", new Inline.Code("feeds"), ", then for example ",
                new Inline.Code("subscribe fr-bis"), "."));
        }

        var lines = new List<ReplyLine> { ReplyLine.Of("This channel subscribes to:") };
        foreach (var target in targets)
        {
            var expanded = target.StartsWith('#') || target == All ? $" ({ReplyText.List(FeedsOf(target).Select(f => f.Id.Value))})" : "";
            var title = catalog.Find(target) is { } feed ? " " + feed.Title : "";
            lines.Add(ReplyLine.Bullet(new Inline.Code(target), title + expanded));
        }

        return ChatReply.Ephemeral([.. lines]);
    }

    /// <summary>The feed ids a channel's subscription targets cover now (tags and <c>all</c> stay live).</summary>
    public IReadOnlyList<FeedDefinition> FeedsOf(IEnumerable<string> targets) =>
        targets.SelectMany(FeedsOf).DistinctBy(f => f.Id).OrderBy(f => f.Id.Value, StringComparer.Ordinal).ToList();

    private IEnumerable<FeedDefinition> FeedsOf(string target) => target switch
    {
        All => catalog.Feeds,
        _ when target.StartsWith('#') => catalog.Feeds.Where(f => f.Tags.Contains(target[1..], StringComparer.OrdinalIgnoreCase)),
        _ => catalog.Find(target) is { } feed ? [feed] : [],
    };

    // Every target is checked before anything is saved: one typo refuses the whole command.
    private (List<string> Targets, string? Error) Resolve(IReadOnlyList<string> typed)
    {
        var targets = new List<string>();
        foreach (var raw in typed.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            if (raw == All)
            {
                targets.Add(All);
            }
            else if (raw.StartsWith('#'))
            {
                var tags = catalog.Feeds.SelectMany(f => f.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
                if (!tags.Contains(raw[1..], StringComparer.OrdinalIgnoreCase))
                {
                    return ([], $"No feed has the tag '{raw}'. Tags: {ReplyText.List(tags.Select(t => "#" + t))}.");
                }

                targets.Add(raw);
            }
            else if (catalog.Find(raw) is { } feed)
            {
                targets.Add(feed.Id.Value);
            }
            else
            {
                return ([], UnknownFeed(raw));
            }
        }

        return (targets, null);
    }

    public bool IsKnown(string feedId) => catalog.Find(feedId) is not null;

    public string UnknownFeed(string typed)
    {
        var closest = ClosestMatch.Find(typed, catalog.Feeds.Select(f => f.Id.Value));
        return closest is null
            ? $"Unknown feed '{typed}'; nothing changed. The feeds are: {ReplyText.List(catalog.Feeds.Select(f => f.Id.Value))}."
            : $"Unknown feed '{typed}'; did you mean '{closest}'? Nothing changed.";
    }

    private string NotSubscribed(string target, IReadOnlyList<string> current)
    {
        if (current.Count == 0)
        {
            return $"This channel does not subscribe to '{target}' (it subscribes to nothing); nothing changed.";
        }

        var through = current.Where(t => FeedsOf(t).Any(f => f.Id.Value == target)).ToList();
        return through.Count > 0
            ? $"'{target}' comes through {ReplyText.List(through)}; unsubscribe that instead. Nothing changed."
            : $"This channel does not subscribe to '{target}'; it subscribes to {ReplyText.List(current)}. Nothing changed.";
    }

    /// <summary>A feed's health in a few words: last success, or failures with the last error.</summary>
    public static string Health(FeedState? state)
    {
        if (state?.LastPolledAt is null)
        {
            return "not polled yet";
        }

        if (state.IsFailing)
        {
            var lastSuccess = state.LastSuccessAt is { } success ? $"last success {ReplyText.When(success)}" : "never succeeded";
            return $"failing ({ReplyText.Count(state.ConsecutiveFailures, "failure")} in a row, {lastSuccess}): {state.LastError}";
        }

        var healthy = $"healthy, last success {ReplyText.When(state.LastSuccessAt ?? state.LastPolledAt.Value)}"
            + (state.LastErrorAt is { } lastError ? $", last error {ReplyText.When(lastError)}" : "");
        return state.Warning is { } warning ? $"{healthy}; warning: {warning}" : healthy;
    }
}
