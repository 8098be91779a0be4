using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqlitePollTransactionTests : SqliteStoreTest
{
    private static readonly FeedId Bis = new("fr-bis");
    private static readonly FeedId Ofac = new("fr-ofac");


    [Fact]
    public async Task GetLatestAsync_OneRevision_RoundTripsTheItem()
    {
        var item = StoreTestData.Item() with
        {
            Stage = ItemStage.PublicInspection,
            CorrectionOf = "2023-28170",
            EditorialNote = "Withdrawn at the agency's request.",
            FiledAt = new DateTimeOffset(2024, 1, 9, 8, 45, 0, TimeSpan.Zero),
            PublicInspectionLink = new Uri("https://public-inspection.federalregister.gov/2024-00273.pdf"),
        };
        await AddRevisionsAsync(Bis, (item, 1, RevisionKind.New));

        var latest = await GetLatestAsync(Bis, item.Key);

        AssertSameItem(item, latest.Latest);
    }

    [Fact]
    public async Task GetLatestAsync_TwoRevisions_ReturnsTheSecond()
    {
        var first = StoreTestData.Item(title: "Version one");
        await AddRevisionsAsync(Bis, (first, 1, RevisionKind.New), (first with { Title = "Version two" }, 2, RevisionKind.Changed));

        var latest = await GetLatestAsync(Bis, first.Key);

        Assert.Equal(2, latest.Revision);
        Assert.Equal("Version two", latest.Latest.Title);
    }

    [Fact]
    public async Task AddRevisionAsync_SecondRevision_KeepsTheFirstInHistory()
    {
        var first = StoreTestData.Item(title: "Version one");
        await AddRevisionsAsync(Bis, (first, 1, RevisionKind.New), (first with { Title = "Version two" }, 2, RevisionKind.Changed));

        Assert.Equal(2, await Store.CountRevisionsAsync(first.Key, Ct));
        Assert.Contains("\"Version one\"", await ScalarAsync<string>("SELECT snapshot FROM item_revisions WHERE item_key = 'fr:2024-00273' AND revision = 1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRevisionAsync_WithChanges_StoresKindAndChanges()
    {
        var first = StoreTestData.Item(title: "Version one");
        await AddRevisionsAsync(Bis, (first, 1, RevisionKind.New));
        await using (var poll = await Store.BeginPollAsync(Ct))
        {
            await poll.AddRevisionAsync(new NewRevision(first with { Title = "Version two" }, 2, RevisionKind.Changed, [new FieldChange("title", "Version one", "Version two")]), Bis, Ct);
            await poll.CommitAsync(Ct);
        }

        Assert.Equal("Changed", await ScalarAsync<string>("SELECT kind FROM item_revisions WHERE revision = 2"));
        Assert.Contains("Version one", await ScalarAsync<string>("SELECT changes FROM item_revisions WHERE revision = 2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemRevisionsUpdate_AnyRow_IsRefusedByTrigger()
    {
        await AddRevisionsAsync(Bis, (StoreTestData.Item(), 1, RevisionKind.New));

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE item_revisions SET kind = 'Changed'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_LeavesNothing()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        await using (var poll = await Store.BeginPollAsync(Ct))
        {
            await poll.AddRevisionAsync(new NewRevision(item, 1, RevisionKind.New, []), Bis, Ct);
            await poll.MarkCarriedAsync(item.Key, Bis, Ct);
            await poll.EnqueueAlertAsync(new PendingAlert(channel, item.Key, 1, StoreTestData.Message(item)), Ct);
        }

        Assert.Equal(0, await Store.CountRevisionsAsync(item.Key, Ct));
        Assert.Empty(await Store.FilterKnownAsync([item.Key], Ct));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_AllowsTheSameAlertLater()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        await using (var poll = await Store.BeginPollAsync(Ct))
        {
            await poll.AddRevisionAsync(new NewRevision(item, 1, RevisionKind.New, []), Bis, Ct);
            await poll.EnqueueAlertAsync(new PendingAlert(channel, item.Key, 1, StoreTestData.Message(item)), Ct);
        }

        var ids = await StoreTestData.EnqueueAsync(Store, channel, item);

        Assert.Single(ids);
    }

    [Fact]
    public async Task FilterKnownAsync_MixedKeys_ReturnsOnlyStoredOnes()
    {
        var stored = StoreTestData.Item("2024-00001");
        await AddRevisionsAsync(Bis, (stored, 1, RevisionKind.New));

        var known = await Store.FilterKnownAsync([stored.Key, ItemKey.FederalRegister("2024-99999")], Ct);

        Assert.Equal(new[] { stored.Key }, known);
    }

    [Fact]
    public async Task GetLatestAsync_UnknownKey_IsAbsent()
    {
        await using var poll = await Store.BeginPollAsync(Ct);

        var latest = await poll.GetLatestAsync(Bis, [ItemKey.FederalRegister("2024-99999")], Ct);

        Assert.Empty(latest);
    }

    [Fact]
    public async Task GetLatestAsync_NotMarkedCarried_CarriedByFeedIsFalse()
    {
        var item = StoreTestData.Item();
        await AddRevisionsAsync(Bis, (item, 1, RevisionKind.New));

        Assert.False((await GetLatestAsync(Bis, item.Key)).CarriedByFeed);
    }

    [Fact]
    public async Task MarkCarriedAsync_ByOneFeed_IsCarriedForThatFeedOnly()
    {
        var item = StoreTestData.Item();
        await AddRevisionsAsync(Bis, (item, 1, RevisionKind.New));
        await MarkCarriedAsync(item.Key, Bis);

        Assert.True((await GetLatestAsync(Bis, item.Key)).CarriedByFeed);
        Assert.False((await GetLatestAsync(Ofac, item.Key)).CarriedByFeed);
    }

    [Fact]
    public async Task MarkCarriedAsync_Twice_IsIdempotent()
    {
        var item = StoreTestData.Item();
        await AddRevisionsAsync(Bis, (item, 1, RevisionKind.New));
        await MarkCarriedAsync(item.Key, Bis);

        await MarkCarriedAsync(item.Key, Bis);

        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM item_feeds"));
        Assert.True((await GetLatestAsync(Bis, item.Key)).CarriedByFeed);
    }

    [Fact]
    public async Task EnqueueAlertAsync_NewAlert_ReturnsPwId()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);

        var ids = await StoreTestData.EnqueueAsync(Store, channel, StoreTestData.Item());

        Assert.StartsWith("PW-", ids[0], StringComparison.Ordinal);
        Assert.Equal(ids[0], AlertId.Normalize(ids[0]));
    }

    [Fact]
    public async Task EnqueueAlertAsync_SameChannelItemRevisionInOneTransaction_ReturnsNull()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        await using var poll = await Store.BeginPollAsync(Ct);
        var alert = new PendingAlert(channel, item.Key, 1, StoreTestData.Message(item));
        await poll.EnqueueAlertAsync(alert, Ct);

        Assert.Null(await poll.EnqueueAlertAsync(alert, Ct));
    }

    [Fact]
    public async Task EnqueueAlertAsync_SameChannelItemRevisionInLaterTransaction_ReturnsNull()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        await StoreTestData.EnqueueAsync(Store, channel, item);

        Assert.Null(await EnqueueAgainAsync(Store, channel, item));
    }

    [Fact]
    public async Task EnqueueAlertAsync_SameChannelItemRevisionAfterRestart_ReturnsNull()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        await StoreTestData.EnqueueAsync(Store, channel, item);
        SqliteConnection.ClearAllPools();
        var restarted = Database.CreateStore(Clock);
        await restarted.MigrateAsync(Ct);

        Assert.Null(await EnqueueAgainAsync(restarted, channel, item));
        Assert.Equal(1L, (await restarted.GetOutboxCountsAsync(Ct)).Pending);
    }

    [Fact]
    public async Task EnqueueAlertAsync_NextRevision_ReturnsAnotherId()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        var first = (await StoreTestData.EnqueueAsync(Store, channel, item))[0];
        await using var poll = await Store.BeginPollAsync(Ct);

        var second = await poll.EnqueueAlertAsync(new PendingAlert(channel, item.Key, 2, StoreTestData.Message(item, RevisionKind.Changed)), Ct);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task EnqueueAlertAsync_SameItemForAnotherChannel_ReturnsAnotherId()
    {
        var first = await StoreTestData.ConsoleChannelAsync(Store, "first");
        var second = await StoreTestData.ConsoleChannelAsync(Store, "second");
        var item = StoreTestData.Item();
        await StoreTestData.EnqueueAsync(Store, first, item);

        Assert.NotNull(await EnqueueAgainAsync(Store, second, item));
    }

    [Fact]
    public async Task GetFirstAlertIdAsync_AfterTwoRevisions_ReturnsTheFirstAlert()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        var first = (await StoreTestData.EnqueueAsync(Store, channel, item))[0];
        await using var poll = await Store.BeginPollAsync(Ct);
        await poll.EnqueueAlertAsync(new PendingAlert(channel, item.Key, 2, StoreTestData.Message(item, RevisionKind.Changed)), Ct);

        Assert.Equal(first, await poll.GetFirstAlertIdAsync(channel, item.Key, Ct));
    }

    [Fact]
    public async Task GetFirstAlertIdAsync_NoAlert_ReturnsNull()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        await using var poll = await Store.BeginPollAsync(Ct);

        Assert.Null(await poll.GetFirstAlertIdAsync(channel, ItemKey.FederalRegister("2024-00001"), Ct));
    }

    // Record equality compares lists by reference; compare every field, lists included, through JSON.
    private static void AssertSameItem(FeedItem expected, FeedItem actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    private async Task<string?> EnqueueAgainAsync(SqliteStore store, long channel, FeedItem item)
    {
        await using var poll = await store.BeginPollAsync(Ct);
        var id = await poll.EnqueueAlertAsync(new PendingAlert(channel, item.Key, 1, StoreTestData.Message(item)), Ct);
        await poll.CommitAsync(Ct);
        return id;
    }

    private async Task AddRevisionsAsync(FeedId feed, params (FeedItem Item, int Revision, RevisionKind Kind)[] revisions)
    {
        await using var poll = await Store.BeginPollAsync(Ct);
        foreach (var (item, revision, kind) in revisions)
        {
            await poll.AddRevisionAsync(new NewRevision(item, revision, kind, []), feed, Ct);
        }

        await poll.CommitAsync(Ct);
    }

    private async Task MarkCarriedAsync(ItemKey item, FeedId feed)
    {
        await using var poll = await Store.BeginPollAsync(Ct);
        await poll.MarkCarriedAsync(item, feed, Ct);
        await poll.CommitAsync(Ct);
    }

    private async Task<StoredItem> GetLatestAsync(FeedId feed, ItemKey key)
    {
        await using var poll = await Store.BeginPollAsync(Ct);
        var latest = await poll.GetLatestAsync(feed, [key], Ct);
        return latest[key];
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
