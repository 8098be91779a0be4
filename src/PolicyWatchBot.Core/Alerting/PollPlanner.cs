using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// The middle of a poll, pure: from the parsed items and what the store holds, what to write. First
/// <see cref="Diff"/> (which items are new revisions, which this feed carries for the first time), then
/// <see cref="Plan"/>: each such item tokenized once and matched once against every subscribed channel's
/// rules, one alert per channel it concerns (composed, with its id, held when a mute covers it), and a
/// grouped message for a channel that would get a burst from this one poll.
/// </summary>
public static class PollPlanner
{
    /// <summary>
    /// Compares each parsed item with its latest stored revision. A feed can list one item twice
    /// (duplicate guids): the first listing counts.
    /// </summary>
    public static PollDiff Diff(FeedDefinition feed, IReadOnlyList<FeedItem> items, IReadOnlyDictionary<ItemKey, StoredItem> latest) =>
        Diff(feed, items, latest, alertSince: null);

    /// <param name="alertSince">
    /// The start of the alert window: an item first seen now (new to the store, or newly carried by
    /// this feed without a new revision) whose source date is before it is stored without alerting,
    /// so a feed's first poll is a baseline and not a flood. Null: no window.
    /// </param>
    /// <param name="unreadable">
    /// Stored items whose latest revision could not be read back. Such an item, or one the comparison
    /// cannot handle, fails alone: it is left out with the reason, and the feed's other items go on.
    /// </param>
    public static PollDiff Diff(FeedDefinition feed, IReadOnlyList<FeedItem> items, IReadOnlyDictionary<ItemKey, StoredItem> latest, DateTimeOffset? alertSince,
        IReadOnlyDictionary<ItemKey, string>? unreadable = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(latest);
        var changes = new List<ItemChange>();
        var failures = new List<ItemFailure>();
        var seen = new HashSet<ItemKey>();
        foreach (var parsed in items)
        {
            if (!seen.Add(parsed.Key))
            {
                continue;
            }

            if (unreadable?.GetValueOrDefault(parsed.Key) is { } why)
            {
                failures.Add(new ItemFailure(parsed.Key, $"its stored revision cannot be read: {why}"));
                continue;
            }

            try
            {
                if (Compare(feed, parsed, latest.GetValueOrDefault(parsed.Key), alertSince) is { } change)
                {
                    changes.Add(change);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add(new ItemFailure(parsed.Key, $"cannot be compared with its stored revision: {ex.GetType().Name}: {ex.Message}"));
            }
        }

        return new PollDiff(feed, changes) { Failures = failures };
    }

    private static ItemChange? Compare(FeedDefinition feed, FeedItem parsed, StoredItem? stored, DateTimeOffset? alertSince)
    {
        var item = DetailInheritance.Inherit(stored?.Latest, parsed);
        var diff = ItemDiffer.Compare(stored?.Latest, item);
        var newlyCarried = stored is null || !stored.CarriedByFeed;
        if (diff.IsRevision)
        {
            // A list entity's headline already names what changed on it ("alias added: X"), and its
            // first item may be an amendment or a removal (a list's first load stores no items).
            var (kind, changes) = item.Listing is { } listing
                ? (listing.Change == EntityChangeKind.Added ? RevisionKind.New : RevisionKind.Changed, (IReadOnlyList<FieldChange>)[])
                : (diff.Kind, diff.Changes);
            return new ItemChange(item, (stored?.Revision ?? 0) + 1, kind, changes, IsRevision: true, newlyCarried, stored is not null)
            {
                BeforeAlertWindow = stored is null && IsBefore(item, alertSince),
            };
        }

        // A feed that starts carrying a known item alerts its own subscribers once, about the
        // stored revision; channels told about that revision through another feed are not told again.
        return newlyCarried
            ? new ItemChange(stored!.Latest with { Feed = feed.Id }, stored.Revision, RevisionKind.New, [], IsRevision: false, NewlyCarried: true, WasStored: true)
            {
                BeforeAlertWindow = IsBefore(stored.Latest, alertSince),
            }
            : null;
    }

    // The item's newest source date (filed, updated, published); an item the source does not date is never before the window.
    private static bool IsBefore(FeedItem item, DateTimeOffset? alertSince)
    {
        if (alertSince is not { } since)
        {
            return false;
        }

        DateTimeOffset?[] dates = [item.FiledAt, item.UpdatedAt, item.PublishedOn is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null];
        var newest = dates.Max();
        return newest is { } date && date < since;
    }

    /// <param name="diff">From <see cref="Diff"/>.</param>
    /// <param name="subscribers">The channels subscribed to the feed, with the compiled rules of every channel.</param>
    /// <param name="state">Mutes and the next id numbers (the latest revisions were used by <see cref="Diff"/>).</param>
    /// <param name="history">Earlier alerts of <see cref="PollDiff.KeysWithHistory"/>.</param>
    public static PollPlan Plan(PollDiff diff, ChannelSubscribers subscribers, PollState state, AlertHistory history) =>
        Plan(diff, subscribers, state, history, ThreadBook.Empty);

    /// <param name="threads">The threads of <see cref="PollDiff.ThreadKeys"/> (and of the items citing them) in every channel.</param>
    public static PollPlan Plan(PollDiff diff, ChannelSubscribers subscribers, PollState state, AlertHistory history, ThreadBook threads)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(threads);
        var feed = diff.Feed;
        var revisions = new List<NewRevision>();
        var carried = new List<ItemKey>();
        var alerts = new List<PlannedAlert>();
        var failures = new List<ItemFailure>(diff.Failures);
        var timeouts = new List<RuleTimeout>();
        var matches = new List<ChannelMatch>();
        var itemAlerts = new List<PlannedAlert>();
        var located = new Dictionary<IReadOnlyList<TermHit>, MatchedRule>(ReferenceEqualityComparer.Instance);
        var alertChanges = new List<ItemChange>();
        var citations = new List<ItemCitation>();
        int newItems = 0, changedItems = 0, tokenized = 0, beforeWindow = 0;
        long evaluations = 0;
        var nextAlert = state.NextAlertSequence;
        foreach (var change in diff.Changes)
        {
            itemAlerts.Clear();
            try
            {
                if (subscribers.Count > 0 && !change.BeforeAlertWindow)
                {
                    matches.Clear();
                    var tokens = ItemTokenizer.Tokenize(change.Item);
                    tokenized++;
                    evaluations += subscribers.Directory.Matcher.Match(tokens, subscribers, matches, timeouts);
                    var watched = WatchlistMatches(change.Item, subscribers, matches);
                    located.Clear();
                    foreach (var match in matches)
                    {
                        var onWatchlist = watched?.GetValueOrDefault(match.Channel.ChannelId) ?? [];
                        if (PlanAlert(feed, change, match, MatchedRules(match, tokens, located), onWatchlist, state, history, nextAlert + itemAlerts.Count) is { } alert)
                        {
                            itemAlerts.Add(alert);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add(new ItemFailure(change.Item.Key, $"{ex.GetType().Name}: {ex.Message}"));
                continue;
            }

            if (change.IsRevision)
            {
                revisions.Add(new NewRevision(change.Item, change.Revision, change.Kind, change.Changes));
                if (change.Kind is RevisionKind.New or RevisionKind.Corrected)
                {
                    newItems++;
                }
                else
                {
                    changedItems++;
                }
            }

            if (change.NewlyCarried)
            {
                carried.Add(change.Item.Key);
            }

            if (change.BeforeAlertWindow)
            {
                beforeWindow++;
            }

            if (change.IsRevision && ItemCitations.Of(change.Item) is { Count: > 0 } cited)
            {
                citations.Add(new ItemCitation(change.Item.Key, cited));
            }

            alerts.AddRange(itemAlerts);
            alertChanges.AddRange(itemAlerts.Select(_ => change));
            nextAlert += itemAlerts.Count;
        }

        var digests = GroupFloods(alerts, subscribers.Directory, state.NextDigestSequence);
        var grouped = digests.SelectMany(d => d.Digest.Entries.Select(e => e.AlertId)).ToHashSet(StringComparer.Ordinal);
        var threader = new ThreadPlanner(feed, threads, state.NextThreadSequence);
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            alerts[i] = alert with { Thread = threader.Place(alert, alertChanges[i], postedAlone: !alert.Held && !alert.ForDigest && !grouped.Contains(alert.Message.AlertId)) };
        }

        return new PollPlan
        {
            Feed = feed.Id,
            Revisions = revisions,
            NewlyCarried = carried,
            Alerts = alerts,
            Digests = digests,
            Threads = threader.Threads,
            ThreadItems = threader.Items,
            ThreadUpdates = threader.Updates,
            Citations = citations,
            Failures = failures,
            RuleTimeouts = timeouts,
            NewItems = newItems,
            ChangedItems = changedItems,
            BeforeAlertWindow = beforeWindow,
            Statistics = new PlanStatistics(subscribers.Count, tokenized, evaluations),
        };
    }

    /// <summary>
    /// The subscribed channels whose watchlists the item matches, by channel id; those whose rules
    /// missed are added to <paramref name="matches"/> (in channel order), as a watchlist match alerts
    /// whatever the rules say. Null when no subscribed channel watches names.
    /// </summary>
    private static Dictionary<long, IReadOnlyList<string>>? WatchlistMatches(FeedItem item, ChannelSubscribers subscribers, List<ChannelMatch> matches)
    {
        if (subscribers.Watching.Count == 0)
        {
            return null;
        }

        var found = new Dictionary<long, IReadOnlyList<string>>();
        foreach (var (channel, watchlist) in subscribers.Watching)
        {
            if (WatchlistScreen.Matches(item, watchlist, channel.Watchlist.Threshold) is { Count: > 0 } hits)
            {
                found[channel.ChannelId] = hits;
                if (!matches.Exists(m => m.Channel.ChannelId == channel.ChannelId))
                {
                    matches.Add(new ChannelMatch(channel, []));
                }
            }
        }

        matches.Sort((a, b) => a.Channel.ChannelId.CompareTo(b.Channel.ChannelId));
        return found;
    }

    private static PlannedAlert? PlanAlert(
        FeedDefinition feed, ItemChange change, ChannelMatch match, List<MatchedRule> matchedRules, IReadOnlyList<string> onWatchlist, PollState state, AlertHistory history, long sequence)
    {
        var channel = match.Channel.ChannelId;
        var earlier = change.WasStored ? history.Find(channel, change.Item.Key) : null;
        if (!change.IsRevision && earlier?.LatestRevision >= change.Revision)
        {
            return null;
        }

        var firstAlert = change.Revision > 1 ? earlier?.FirstAlertId : null;
        var (urgency, mentions) = Urgency.Of(change.Item, change.Kind, match.Rules, match.Channel.Rules);
        var message = AlertComposer.Compose(AlertId.FromSequence(sequence), feed, change.Item, change.Kind, change.Changes, matchedRules, firstAlert)
            with { Urgency = urgency, Mentions = mentions };
        if (onWatchlist.Count > 0)
        {
            message = message with { Title = $"{message.Title} · {onWatchlist[0]}", Urgency = WatchlistScreen.UrgencyReason, WatchlistMatches = onWatchlist };
        }

        var held = state.Mutes.TryGetValue(channel, out var mutes) && MuteRules.Holds(mutes, message);
        return new PlannedAlert(channel, change.Item.Key, change.Revision, sequence, message, held)
        {
            ForDigest = !held && urgency is null && match.Channel.DigestMode,
            Zone = SourceCalendar.ZoneOf(change.Item.Key, feed),
        };
    }

    /// <summary>The channel's matched rules with their hits as the item spells them, located once per rule shared by several channels.</summary>
    private static List<MatchedRule> MatchedRules(ChannelMatch match, TokenizedItem tokens, Dictionary<IReadOnlyList<TermHit>, MatchedRule> located)
    {
        var rules = new List<MatchedRule>(match.Rules.Count);
        foreach (var rule in match.Rules)
        {
            if (!located.TryGetValue(rule.Hits, out var found))
            {
                located[rule.Hits] = found = MatchedTerms.Of(rule, tokens);
            }

            rules.Add(found.Name == rule.RuleName ? found : found with { Name = rule.RuleName });
        }

        return rules;
    }

    /// <summary>
    /// Flood control: a channel that would get more than its threshold (<c>flood N</c>, default
    /// <see cref="AlertDigest.FloodThreshold"/>) of alerts from this poll gets one grouped message.
    /// Urgent alerts are never grouped and do not count.
    /// </summary>
    private static List<PlannedDigest> GroupFloods(List<PlannedAlert> alerts, ChannelDirectory channels, long nextDigest)
    {
        var thresholds = channels.Channels.ToDictionary(c => c.ChannelId, c => c.FloodThreshold);
        var digests = new List<PlannedDigest>();
        foreach (var channel in alerts.Where(a => !a.Held && !a.ForDigest && a.Message.Urgency is null).GroupBy(a => a.ChannelId))
        {
            var messages = channel.Select(a => a.Message).ToList();
            if (messages.Count > thresholds.GetValueOrDefault(channel.Key, AlertDigest.FloodThreshold))
            {
                var sequence = nextDigest++;
                var digest = AlertDigest.Create(DigestReason.Flood, messages) with { DigestId = AlertId.ForDigest(sequence) };
                digests.Add(new PlannedDigest(channel.Key, sequence, digest));
            }
        }

        return digests;
    }
}
