using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The stored items a backtest reads: latest revisions of the feeds' items, dated and filtered.</summary>
public sealed class SqliteBacktestTests : SqliteStoreTest
{
    private static readonly FeedId Bis = new("fr-bis");
    private static readonly FeedId Ofac = new("fr-ofac");

    [Fact]
    public async Task GetItemsSinceAsync_PublishedItem_IsDatedByItsPublication()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 15)));

        var found = Assert.Single(await Store.GetItemsSinceAsync([Bis], new DateOnly(2026, 1, 1), Ct));

        Assert.Equal((new DateOnly(2026, 1, 15), "fr:2024-00001"), (found.Date, found.Item.Key.Value));
    }

    [Fact]
    public async Task GetItemsSinceAsync_NoPublicationDate_IsDatedByTheDayFirstSeen()
    {
        Clock.Advance(TimeSpan.FromHours(20));
        await StoreAsync(Bis, Item("2024-00001", null));

        Assert.Equal(new DateOnly(2026, 3, 3), Assert.Single(await Store.GetItemsSinceAsync([Bis], new DateOnly(2026, 3, 1), Ct)).Date);
    }

    [Fact]
    public async Task GetItemsSinceAsync_DatedBeforeSince_IsLeftOutAndOnSinceIsKept()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 9)), Item("2024-00002", new DateOnly(2026, 1, 10)));

        var found = await Store.GetItemsSinceAsync([Bis], new DateOnly(2026, 1, 10), Ct);

        Assert.Equal(new[] { "fr:2024-00002" }, found.Select(f => f.Item.Key.Value));
    }

    [Fact]
    public async Task GetItemsSinceAsync_FeedNotAsked_IsLeftOut()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 15)));
        await StoreAsync(Ofac, Item("2024-00002", new DateOnly(2026, 1, 15), Ofac));

        var found = await Store.GetItemsSinceAsync([Ofac], new DateOnly(2026, 1, 1), Ct);

        Assert.Equal(new[] { "fr:2024-00002" }, found.Select(f => f.Item.Key.Value));
    }

    [Fact]
    public async Task GetItemsSinceAsync_NoFeeds_ReturnsNothing()
    {
        await StoreAsync(Bis, Item("2024-00001", new DateOnly(2026, 1, 15)));

        Assert.Empty(await Store.GetItemsSinceAsync([], new DateOnly(2026, 1, 1), Ct));
    }

    [Fact]
    public async Task GetItemsSinceAsync_CarriedByTwoAskedFeeds_ReturnsTheItemOnce()
    {
        var item = Item("2024-00001", new DateOnly(2026, 1, 15));
        await StoreAsync(Bis, item);
        await StorePolls.MarkCarriedAsync(Store, Ofac, item.Key);

        Assert.Single(await Store.GetItemsSinceAsync([Bis, Ofac], new DateOnly(2026, 1, 1), Ct));
    }

    [Fact]
    public async Task GetItemsSinceAsync_TwoRevisions_ReturnsTheLatestDatedByIt()
    {
        var first = Item("2024-00001", new DateOnly(2026, 1, 15)) with { Title = "Public inspection" };
        await StoreAsync(Bis, first);
        await StorePolls.AddRevisionsAsync(Store, Bis, (first with { Title = "Published", PublishedOn = new DateOnly(2026, 1, 16) }, 2, RevisionKind.Published));

        var found = Assert.Single(await Store.GetItemsSinceAsync([Bis], new DateOnly(2026, 1, 1), Ct));

        Assert.Equal(("Published", new DateOnly(2026, 1, 16)), (found.Item.Title, found.Date));
    }

    [Fact]
    public async Task GetItemsSinceAsync_Several_NewestDateFirstThenByKey()
    {
        await StoreAsync(Bis,
            Item("2024-00003", new DateOnly(2026, 1, 10)),
            Item("2024-00002", new DateOnly(2026, 1, 20)),
            Item("2024-00001", new DateOnly(2026, 1, 10)));

        var found = await Store.GetItemsSinceAsync([Bis], new DateOnly(2026, 1, 1), Ct);

        Assert.Equal(new[] { "fr:2024-00002", "fr:2024-00001", "fr:2024-00003" }, found.Select(f => f.Item.Key.Value));
    }

    private static FeedItem Item(string documentNumber, DateOnly? publishedOn, FeedId? feed = null) =>
        StoreTestData.Item(documentNumber, feed: (feed ?? Bis).Value) with { PublishedOn = publishedOn };

    private Task StoreAsync(FeedId feed, params FeedItem[] items) => StorePolls.StoreAsync(Store, feed, items);
}
