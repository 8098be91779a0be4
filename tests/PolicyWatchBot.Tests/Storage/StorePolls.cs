using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Polls written by hand: a plan a test builds, written through the store's poll session like a real poll's.</summary>
internal static class StorePolls
{
    /// <summary>Reads the state of <paramref name="keys"/> in a poll session, builds the plan from it, writes it.</summary>
    public static async Task<PollPlan> WriteAsync(IItemStore store, FeedId feed, IReadOnlyCollection<ItemKey> keys, Func<PollState, AlertHistory, PollPlan> build)
    {
        await using var session = await store.BeginPollAsync(Fixtures.Timeout());
        var state = await session.LoadAsync(feed, keys, Fixtures.Timeout());
        var history = await session.LoadAlertHistoryAsync(keys, Fixtures.Timeout());
        var plan = build(state, history);
        await session.WriteAsync(plan, Fixtures.Timeout());
        return plan;
    }

    public static Task AddRevisionsAsync(IItemStore store, FeedId feed, params (FeedItem Item, int Revision, RevisionKind Kind)[] revisions) =>
        WriteAsync(store, feed, [], (_, _) => new PollPlan
        {
            Feed = feed,
            Revisions = [.. revisions.Select(r => new NewRevision(r.Item, r.Revision, r.Kind, []))],
        });

    public static Task MarkCarriedAsync(IItemStore store, FeedId feed, params ItemKey[] items) =>
        WriteAsync(store, feed, [], (_, _) => new PollPlan { Feed = feed, NewlyCarried = items });

    /// <summary>Stores revision 1 of each item, carried by the feed.</summary>
    public static Task StoreAsync(IItemStore store, FeedId feed, params FeedItem[] items) =>
        WriteAsync(store, feed, [], (_, _) => new PollPlan
        {
            Feed = feed,
            Revisions = [.. items.Select(i => new NewRevision(i, 1, RevisionKind.New, []))],
            NewlyCarried = [.. items.Select(i => i.Key)],
        });

    /// <summary>The stored latest revision of the item as a poll of the feed reads it, or null.</summary>
    public static async Task<StoredItem?> GetLatestAsync(IItemStore store, FeedId feed, ItemKey key)
    {
        await using var session = await store.BeginPollAsync(Fixtures.Timeout());
        return (await session.LoadAsync(feed, [key], Fixtures.Timeout())).Latest.GetValueOrDefault(key);
    }

    /// <summary>
    /// In one poll: revision 1 of the new items (carried by their feed when asked), then the alerts, each
    /// with the next planned id, except one the channel already has for that item revision (its id is
    /// null); with <paramref name="flood"/>, one grouped message of the alerts queued. Returns the ids.
    /// </summary>
    public static async Task<(string? DigestId, IReadOnlyList<string?> AlertIds)> EnqueueAsync(
        IItemStore store, IReadOnlyList<FeedItem> newItems, IReadOnlyList<PendingAlert> alerts, bool carried = false, bool flood = false)
    {
        var feed = newItems.Count > 0 ? newItems[0].Feed : new FeedId("fr-bis");
        var ids = new List<string?>();
        string? digestId = null;
        await WriteAsync(store, feed, [.. alerts.Select(a => a.Item).Distinct()], (state, history) =>
        {
            var planned = new List<PlannedAlert>();
            var sequence = state.NextAlertSequence;
            foreach (var alert in alerts)
            {
                if (history.Find(alert.ChannelId, alert.Item)?.LatestRevision >= alert.Revision
                    || planned.Any(p => (p.ChannelId, p.Item, p.Revision) == (alert.ChannelId, alert.Item, alert.Revision)))
                {
                    ids.Add(null);
                    continue;
                }

                var message = alert.Message with { AlertId = AlertId.FromSequence(sequence) };
                planned.Add(new PlannedAlert(alert.ChannelId, alert.Item, alert.Revision, sequence++, message, alert.Held));
                ids.Add(message.AlertId);
            }

            var digests = new List<PlannedDigest>();
            if (flood)
            {
                digestId = AlertId.ForDigest(state.NextDigestSequence);
                var digest = AlertDigest.Create(DigestReason.Flood, planned.Select(p => p.Message)) with { DigestId = digestId };
                digests.Add(new PlannedDigest(planned[0].ChannelId, state.NextDigestSequence, digest));
            }

            return new PollPlan
            {
                Feed = feed,
                Revisions = [.. newItems.Select(i => new NewRevision(i, 1, RevisionKind.New, []))],
                NewlyCarried = carried ? [.. newItems.Select(i => i.Key)] : [],
                Alerts = planned,
                Digests = digests,
            };
        });
        return (digestId, ids);
    }
}
