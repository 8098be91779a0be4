using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Alerts as commands read them: held (muted) alerts, one alert by id, and a channel's activity.</summary>
public abstract class AlertTests : OutboxStoreTest
{
    [StoreFact]
    public async Task EnqueueAlertAsync_Held_IsStoredMutedAndNotClaimed()
    {
        var id = await EnqueueAsync(StoreTestData.Item(), held: true);

        Assert.Equal(AlertStatus.Muted, (await Alerts.FindAlertAsync(Channel, id, Ct))!.Status);
        Assert.Empty(await Store.ClaimDueAsync(Owner, Clock.GetUtcNow(), Lease, 10, Ct));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 1), await Store.GetOutboxCountsAsync(Ct));
    }

    [StoreFact]
    public async Task FindAlertAsync_OwnChannel_ReturnsTheRecord()
    {
        var item = StoreTestData.Item();
        var id = await EnqueueAsync(item);

        var record = await Alerts.FindAlertAsync(Channel, id, Ct);

        Assert.NotNull(record);
        Assert.Equal((Channel, AlertStatus.Pending, StoreTestData.Start, (string?)null), (record.ChannelId, record.Status, record.CreatedAt, record.DigestId));
        Assert.Equal((id, item.Title, (Acknowledgement?)null), (record.Message.AlertId, record.Message.Title, record.Message.Acknowledged));
    }

    [StoreFact]
    public async Task FindAlertAsync_TypedInLowerCase_FindsIt()
    {
        var id = await EnqueueAsync(StoreTestData.Item());

        Assert.NotNull(await Alerts.FindAlertAsync(Channel, id.ToLowerInvariant(), Ct));
    }

    [StoreFact]
    public async Task FindAlertAsync_AnotherChannelsAlert_ReturnsNull()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var id = await EnqueueAsync(StoreTestData.Item());

        Assert.Null(await Alerts.FindAlertAsync(other, id, Ct));
    }

    [StoreFact]
    public async Task FindAlertAsync_Acknowledged_FillsTheAcknowledgement()
    {
        var id = await EnqueueAsync(StoreTestData.Item());
        var ack = new Acknowledgement(StoreTestData.Bob, StoreTestData.Start + TimeSpan.FromMinutes(5), "seen");
        await Alerts.AcknowledgeAsync(Channel, id, ack, Ct);

        Assert.Equal(ack, (await Alerts.FindAlertAsync(Channel, id, Ct))!.Message.Acknowledged);
    }

    [StoreFact]
    public async Task GetChannelActivityAsync_NoAlerts_ReturnsNothing()
    {
        var activity = await Alerts.GetChannelActivityAsync(Channel, Ct);

        Assert.Null(activity.LastAlert);
        Assert.Empty(activity.Failed);
    }

    [StoreFact]
    public async Task GetChannelActivityAsync_SeveralAlerts_LastAlertIsTheNewestOfAnyStatus()
    {
        var items = StoreTestData.Items(2);
        await EnqueueAsync(items[0]);
        var newest = await EnqueueAsync(items[1], held: true);

        Assert.Equal(newest, (await Alerts.GetChannelActivityAsync(Channel, Ct)).LastAlert!.Message.AlertId);
    }

    [StoreFact]
    public async Task GetChannelActivityAsync_FailedAlerts_ListsThemNewestFirstWithTheirError()
    {
        var ids = await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(3));
        foreach (var entry in await Store.ClaimDueAsync(Owner, Clock.GetUtcNow(), Lease, 2, Ct))
        {
            await Store.MarkFailedAsync(entry.Ref, Owner, "channel_not_found " + entry.Post.PostId, Ct);
        }

        var failed = (await Alerts.GetChannelActivityAsync(Channel, Ct)).Failed;

        Assert.Equal(new[] { ids[1], ids[0] }, failed.Select(f => f.Message.AlertId));
        Assert.Equal("channel_not_found " + ids[1], failed[0].LastError);
        Assert.All(failed, f => Assert.Equal(AlertStatus.Failed, f.Status));
    }

    [StoreFact]
    public async Task GetChannelActivityAsync_ManyFailed_ListsTwenty()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(22));
        foreach (var entry in await Store.ClaimDueAsync(Owner, Clock.GetUtcNow(), Lease, 100, Ct))
        {
            await Store.MarkFailedAsync(entry.Ref, Owner, "archived", Ct);
        }

        Assert.Equal(20, (await Alerts.GetChannelActivityAsync(Channel, Ct)).Failed.Count);
    }

    [StoreFact]
    public async Task GetChannelActivityAsync_AnotherChannelsAlert_IsNotTheLast()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        await StoreTestData.EnqueueAsync(Items, other, StoreTestData.Item());

        Assert.Null((await Alerts.GetChannelActivityAsync(Channel, Ct)).LastAlert);
    }

    [StoreFact]
    public async Task GetHeldAlertsAsync_MutedAndPending_ReturnsOnlyMutedOldestFirst()
    {
        var items = StoreTestData.Items(3);
        var first = await EnqueueAsync(items[0], held: true);
        await EnqueueAsync(items[1], held: false);
        var third = await EnqueueAsync(items[2], held: true);

        var held = await Mutes.GetHeldAlertsAsync(Channel, Ct);

        Assert.Equal(new[] { first, third }, held.Select(h => h.Message.AlertId));
    }

    [StoreFact]
    public async Task GetHeldAlertsAsync_AnotherChannelsMutedAlert_IsNotReturned()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var item = StoreTestData.Item();
        await StoreTestData.EnqueueAsync(Items, new PendingAlert(other, item.Key, 1, StoreTestData.Message(item), Held: true), item);

        Assert.Empty(await Mutes.GetHeldAlertsAsync(Channel, Ct));
    }

    private protected async Task<string> EnqueueAsync(FeedItem item, bool held = false) =>
        (await StoreTestData.EnqueueAsync(Items, new PendingAlert(Channel, item.Key, 1, StoreTestData.Message(item), held), item))!;
}

public sealed class SqliteAlertTests : AlertTests;

public sealed class PostgresAlertTests : AlertTests, IPostgresStoreTest;
