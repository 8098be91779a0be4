using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Hand-built items, feeds and alerts, and a few store calls, shared by the storage and delivery tests.</summary>
internal static class StoreTestData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly Actor Ada = new("U1", "Ada");

    public static readonly Actor Bob = new("U2", "Bob");

    public static FeedItem Item(string documentNumber = "2024-00273", string title = "Additions to the Entity List", string feed = "fr-bis") => new()
    {
        Key = ItemKey.FederalRegister(documentNumber),
        NativeId = documentNumber,
        Feed = new FeedId(feed),
        Title = title,
        Link = new Uri($"https://www.federalregister.gov/d/{documentNumber}"),
        Summary = "BIS adds entities to the Entity List.",
        Action = "Final rule.",
        DocumentType = "Rule",
        Agencies = ["Commerce Department", "Industry and Security Bureau"],
        Jurisdiction = "us",
        PublishedOn = new DateOnly(2024, 1, 10),
        UpdatedAt = new DateTimeOffset(2024, 1, 9, 15, 30, 0, TimeSpan.Zero),
        EffectiveOn = new DateOnly(2024, 1, 10),
        CommentsCloseOn = new DateOnly(2024, 3, 11),
        CfrReferences = ["15 CFR 744"],
        Dockets = ["240104-0001", "RIN 0694-AJ00"],
        PdfLink = new Uri($"https://www.govinfo.gov/content/pkg/FR-2024-01-10/pdf/{documentNumber}.pdf"),
        Stage = ItemStage.Published,
    };

    public static FeedDefinition Feed(string id = "fr-bis", params string[] tags) => new()
    {
        Id = new FeedId(id),
        Title = "Test feed " + id,
        Kind = FeedKind.FederalRegister,
        Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
        Jurisdiction = "us",
        Tags = tags,
    };

    public static AlertMessage Message(FeedItem item, RevisionKind kind = RevisionKind.New) => new()
    {
        AlertId = "",
        Kind = kind,
        ItemKey = item.Key.Value,
        FeedId = item.Feed.Value,
        FeedTitle = "Test feed " + item.Feed.Value,
        Title = item.Title,
        Link = item.Link?.AbsoluteUri,
        DocumentType = item.DocumentType,
        Agencies = item.Agencies,
        PublishedOn = item.PublishedOn,
        EffectiveOn = item.EffectiveOn,
        CommentsCloseOn = item.CommentsCloseOn,
        CfrReferences = item.CfrReferences,
        Dockets = item.Dockets,
        Summary = item.Summary,
        MatchedRules = [new MatchedRule("entity-list", ["Entity List"])],
        Changes = kind == RevisionKind.Changed ? [new FieldChange("title", "Old", item.Title)] : [],
    };

    public static Task<long> ConsoleChannelAsync(IChannelStore store, string name = "alerts") =>
        store.EnsureChannelAsync(ChannelKey.Console(name), name, Fixtures.Timeout());

    /// <summary>Stores revision 1 of each item and queues one alert per item for the channel, in one committed poll.</summary>
    public static async Task<IReadOnlyList<string>> EnqueueAsync(IItemStore store, long channelId, params FeedItem[] items)
    {
        var (_, ids) = await StorePolls.EnqueueAsync(store, items, [.. items.Select(i => new PendingAlert(channelId, i.Key, 1, Message(i)))]);
        return [.. ids.Select((id, i) => id ?? throw new InvalidOperationException($"alert for {items[i].Key} already queued"))];
    }

    /// <summary>Stores revision 1 of the item (once) and queues the alert in one committed poll; returns its id, or null when it existed.</summary>
    public static async Task<string?> EnqueueAsync(IItemStore store, PendingAlert alert, FeedItem item)
    {
        var known = await store.CountRevisionsAsync(item.Key, Fixtures.Timeout()) > 0;
        var (_, ids) = await StorePolls.EnqueueAsync(store, known ? [] : [item], [alert]);
        return ids[0];
    }

    /// <summary>Claims everything due now for <paramref name="owner"/> and marks it sent (message id <c>msg-</c> + post id).</summary>
    public static async Task<IReadOnlyList<OutboxEntry>> SendDueAsync(IOutboxStore store, DateTimeOffset now, string owner = "sender")
    {
        var claimed = await store.ClaimDueAsync(owner, now, TimeSpan.FromMinutes(2), 1000, Fixtures.Timeout());
        foreach (var entry in claimed)
        {
            await store.MarkSentAsync(entry.Ref, owner, "msg-" + entry.Post.PostId, now, Fixtures.Timeout());
        }

        return claimed;
    }

    /// <summary>Queues <paramref name="count"/> alerts and one flood digest of them in one committed poll.</summary>
    public static async Task<(string DigestId, List<string> AlertIds)> FloodAsync(IItemStore store, long channelId, int count)
    {
        var items = Items(count);
        var (digestId, ids) = await StorePolls.EnqueueAsync(store, items, [.. items.Select(i => new PendingAlert(channelId, i.Key, 1, Message(i)))], flood: true);
        return (digestId!, [.. ids.Select(id => id!)]);
    }

    /// <summary>The channels subscribed to the feed, as a poll finds them: through the compiled channel directory.</summary>
    public static async Task<IReadOnlyList<ChannelSetup>> SubscribersAsync(IChannelStore store, FeedDefinition feed)
    {
        var (channels, version) = await store.GetChannelSetupsAsync(Fixtures.Timeout());
        return [.. ChannelDirectory.Compile(channels, version).SubscribersOf(feed).Channels];
    }

    public static FeedItem[] Items(int count) =>
        Enumerable.Range(1, count).Select(i => Item($"2024-{i:00000}", $"Document {i}")).ToArray();
}
