using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The stored items a backtest reads: latest revisions of the feeds' items, dated and filtered; run against SQLite and PostgreSQL.</summary>
public abstract class BacktestTests : StoreTest<IItemStore>
{
    private static readonly FeedId Bis = new("fr-bis");
    private static readonly FeedId Ofac = new("fr-ofac");

    [StoreFact]
    public async Task StreamItemsSinceAsync_PublishedItem_IsDatedByItsPublication()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 15)));

        var found = Assert.Single(await ItemsSinceAsync([Bis], new DateOnly(2026, 1, 1)));

        Assert.Equal((new DateOnly(2026, 1, 15), "fr:2024-00001"), (found.Date, found.Item.Key.Value));
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_NoPublicationDate_IsDatedByTheDayFirstSeen()
    {
        Clock.Advance(TimeSpan.FromHours(20));
        await StoreAsync(Bis, Item("2024-00001", null));

        Assert.Equal(new DateOnly(2026, 3, 3), Assert.Single(await ItemsSinceAsync([Bis], new DateOnly(2026, 3, 1))).Date);
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_DatedBeforeSince_IsLeftOutAndOnSinceIsKept()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 9)), Item("2024-00002", new DateOnly(2026, 1, 10)));

        var found = await ItemsSinceAsync([Bis], new DateOnly(2026, 1, 10));

        Assert.Equal(new[] { "fr:2024-00002" }, found.Select(f => f.Item.Key.Value));
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_FeedNotAsked_IsLeftOut()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 15)));
        await StoreAsync(Ofac, Item("2024-00002", new DateOnly(2026, 1, 15), Ofac));

        var found = await ItemsSinceAsync([Ofac], new DateOnly(2026, 1, 1));

        Assert.Equal(new[] { "fr:2024-00002" }, found.Select(f => f.Item.Key.Value));
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_NoFeeds_ReturnsNothing()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 15)));

        Assert.Empty(await ItemsSinceAsync([], new DateOnly(2026, 1, 1)));
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_CarriedByTwoAskedFeeds_ReturnsTheItemOnce()
    {
        var item = Item("2024-00001", new DateOnly(2026, 1, 15));
        await StoreAsync(Bis, item);
        await StorePolls.MarkCarriedAsync(Store, Ofac, item.Key);

        Assert.Single(await ItemsSinceAsync([Bis, Ofac], new DateOnly(2026, 1, 1)));
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_TwoRevisions_ReturnsTheLatestDatedByIt()
    {
        var first = Item("2024-00001", new DateOnly(2026, 1, 15)) with { Title = "Public inspection" };
        await StoreAsync(Bis, first);
        await StorePolls.AddRevisionsAsync(Store, Bis, (first with { Title = "Published", PublishedOn = new DateOnly(2026, 1, 16) }, 2, RevisionKind.Published));

        var found = Assert.Single(await ItemsSinceAsync([Bis], new DateOnly(2026, 1, 1)));

        Assert.Equal(("Published", new DateOnly(2026, 1, 16)), (found.Item.Title, found.Date));
    }

    [StoreFact]
    public async Task StreamItemsSinceAsync_Several_EachOnce()
    {
        await StoreAsync(Bis,
            Item("2024-00003", new DateOnly(2026, 1, 10)),
            Item("2024-00002", new DateOnly(2026, 1, 20)),
            Item("2024-00001", new DateOnly(2026, 1, 10)));

        var found = await ItemsSinceAsync([Bis], new DateOnly(2026, 1, 1));

        Assert.Equal(new[] { "fr:2024-00002", "fr:2024-00001", "fr:2024-00003" }, found.Select(f => f.Item.Key.Value));
    }

    [StoreFact]
    public async Task DescribeHistoryAsync_Items_CountsWhatTheStreamYieldsAndTheOldestOfAll()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 9)), Item("2024-00002", new DateOnly(2026, 1, 10)), Item("2024-00003", new DateOnly(2026, 1, 11)));
        await StoreAsync(Ofac, Item("2024-00004", new DateOnly(2025, 6, 1), Ofac));
        await StorePolls.MarkCarriedAsync(Store, Ofac, ItemKey.FederalRegister("2024-00003"));

        Assert.Equal(new StoredHistory(2, new DateOnly(2026, 1, 9)), await Store.DescribeHistoryAsync([Bis], new DateOnly(2026, 1, 10), Ct));
        Assert.Equal(new StoredHistory(2, new DateOnly(2025, 6, 1)), await Store.DescribeHistoryAsync([Bis, Ofac], new DateOnly(2026, 1, 10), Ct));
        Assert.Equal(new StoredHistory(0, null), await Store.DescribeHistoryAsync([], new DateOnly(2026, 1, 1), Ct));
    }

    /// <summary>Everything the stream yields, newest date first then by key (the stream itself keeps no order).</summary>
    private async Task<List<BacktestItem>> ItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since)
    {
        var items = new List<BacktestItem>();
        await foreach (var item in Store.StreamItemsSinceAsync(feeds, since, Ct))
        {
            items.Add(item);
        }

        return [.. items.OrderByDescending(i => i.Date).ThenBy(i => i.Item.Key.Value, StringComparer.Ordinal)];
    }

    private static FeedItem Item(string documentNumber, DateOnly? publishedOn, FeedId? feed = null) =>
        StoreTestData.Item(documentNumber, feed: (feed ?? Bis).Value) with { PublishedOn = publishedOn };

    private Task StoreAsync(FeedId feed, params FeedItem[] items) => StorePolls.StoreAsync(Store, feed, items);
}

public sealed class SqliteBacktestTests : BacktestTests;

public sealed class PostgresBacktestTests : BacktestTests, IPostgresStoreTest;
