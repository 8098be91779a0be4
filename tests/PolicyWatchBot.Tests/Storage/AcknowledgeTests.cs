using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Acknowledging alerts and digests, and the message updates an acknowledgement queues.</summary>
public abstract class AcknowledgeTests : OutboxStoreTest
{
    [StoreFact]
    public async Task AcknowledgeAsync_PendingAlert_RecordsItAndTheSendShowsIt()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        var ack = Ack("on it");

        var result = await Alerts.AcknowledgeAsync(Channel, id, ack, Ct);

        Assert.Equal(new[] { id }, Assert.IsType<AcknowledgeResult.Acknowledged>(result).AlertIds);
        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(OutboxWork.Send, entry.Ref.Work);
        Assert.Equal(ack, Assert.IsType<AlertMessage>(entry.Post).Acknowledged);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_SentAlert_QueuesAnUpdateOfItsMessage()
    {
        var id = await SentAlertAsync();
        var ack = Ack();

        await Alerts.AcknowledgeAsync(Channel, id, ack, Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal((OutboxKind.Alert, OutboxWork.Update, "msg-" + id, 1), (entry.Ref.Kind, entry.Ref.Work, entry.PlatformMessageId, entry.Attempts));
        Assert.Equal(ack, Assert.IsType<AlertMessage>(entry.Post).Acknowledged);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_WhileTheSendIsInFlight_TheMessageIsEditedOnceSent()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        var send = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        var ack = Ack("pressed while posting");

        await Alerts.AcknowledgeAsync(Channel, id, ack, Ct);
        await Store.MarkSentAsync(send.Ref, Owner, "msg-" + id, Now, Ct);

        var update = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal((OutboxWork.Update, "msg-" + id), (update.Ref.Work, update.PlatformMessageId));
        Assert.Equal(ack, Assert.IsType<AlertMessage>(update.Post).Acknowledged);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_BeforeTheSendIsClaimed_NoEditAfterTheSend()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);
        var send = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkSentAsync(send.Ref, Owner, "msg-" + id, Now, Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Null(await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_DigestWhileItsSendIsInFlight_TheDigestIsEditedOnceSent()
    {
        var (digest, alerts) = await StoreTestData.FloodAsync(Items, Channel, 6);
        var send = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Alerts.AcknowledgeAsync(Channel, alerts[2], Ack(), Ct);
        await Store.MarkSentAsync(send.Ref, Owner, "msg-" + digest, Now, Ct);

        var update = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal((OutboxKind.Digest, OutboxWork.Update), (update.Ref.Kind, update.Ref.Work));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_UnknownId_ReturnsNotFound()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());

        Assert.IsType<AcknowledgeResult.NotFound>(await Alerts.AcknowledgeAsync(Channel, "PW-ZZZZ", Ack(), Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_AnotherChannelsAlert_ReturnsNotFoundAndChangesNothing()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var id = (await StoreTestData.EnqueueAsync(Items, other, StoreTestData.Item()))[0];

        Assert.IsType<AcknowledgeResult.NotFound>(await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct));
        Assert.Null((await Alerts.FindAlertAsync(other, id, Ct))!.Message.Acknowledged);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_Twice_ReturnsAlreadyAcknowledgedWithTheFirst()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        var first = Ack("first");
        await Alerts.AcknowledgeAsync(Channel, id, first, Ct);

        var second = await Alerts.AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, Now, "second"), Ct);

        Assert.Equal(first, Assert.IsType<AcknowledgeResult.AlreadyAcknowledged>(second).Existing);
        Assert.Equal(first, (await Alerts.FindAlertAsync(Channel, id, Ct))!.Message.Acknowledged);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_SentAlertTwice_QueuesOneUpdate()
    {
        var id = await SentAlertAsync();
        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);
        await SendDueAsync();

        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_DigestId_AcknowledgesEveryAlertNotAcknowledgedYet()
    {
        var (digestId, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 3);
        var earlier = Ack("earlier");
        await Alerts.AcknowledgeAsync(Channel, alertIds[1], earlier, Ct);

        var result = await Alerts.AcknowledgeAsync(Channel, digestId, Ack("all"), Ct);

        Assert.Equal(new[] { alertIds[0], alertIds[2] }, Assert.IsType<AcknowledgeResult.Acknowledged>(result).AlertIds);
        Assert.Equal("all", (await Alerts.FindAlertAsync(Channel, alertIds[2], Ct))!.Message.Acknowledged!.Note);
        Assert.Equal(earlier, (await Alerts.FindAlertAsync(Channel, alertIds[1], Ct))!.Message.Acknowledged);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_DigestIdInLowerCase_AcknowledgesIt()
    {
        var (digestId, _) = await StoreTestData.FloodAsync(Items, Channel, 2);

        Assert.IsType<AcknowledgeResult.Acknowledged>(await Alerts.AcknowledgeAsync(Channel, digestId.ToLowerInvariant(), Ack(), Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_DigestAllAcknowledged_ReturnsAlreadyAcknowledged()
    {
        var (digestId, _) = await StoreTestData.FloodAsync(Items, Channel, 2);
        var first = Ack("first");
        await Alerts.AcknowledgeAsync(Channel, digestId, first, Ct);

        var again = await Alerts.AcknowledgeAsync(Channel, digestId, Ack("again"), Ct);

        Assert.Equal(first, Assert.IsType<AcknowledgeResult.AlreadyAcknowledged>(again).Existing);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_AnotherChannelsDigest_ReturnsNotFound()
    {
        var (digestId, _) = await StoreTestData.FloodAsync(Items, Channel, 2);
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");

        Assert.IsType<AcknowledgeResult.NotFound>(await Alerts.AcknowledgeAsync(other, digestId, Ack(), Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_UnknownDigestId_ReturnsNotFound()
    {
        Assert.IsType<AcknowledgeResult.NotFound>(await Alerts.AcknowledgeAsync(Channel, "PWG-ZZZZ", Ack(), Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_AlertInSentDigest_QueuesAnUpdateOfTheDigest()
    {
        var (digestId, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 3);
        await SendDueAsync();

        await Alerts.AcknowledgeAsync(Channel, alertIds[1], Ack("one"), Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal((OutboxKind.Digest, OutboxWork.Update, "msg-" + digestId), (entry.Ref.Kind, entry.Ref.Work, entry.PlatformMessageId));
        var digest = Assert.IsType<AlertDigest>(entry.Post);
        Assert.Equal(new[] { false, true, false }, digest.Entries.Select(e => e.Acknowledged is not null));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_AlertInPendingDigest_TheDigestSendShowsIt()
    {
        var (_, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 2);

        await Alerts.AcknowledgeAsync(Channel, alertIds[0], Ack("one"), Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(OutboxWork.Send, entry.Ref.Work);
        Assert.Equal("one", Assert.IsType<AlertDigest>(entry.Post).Entries[0].Acknowledged!.Note);
    }

    [StoreFact]
    public async Task MarkSentAsync_Update_ClearsIt()
    {
        var id = await SentAlertAsync();
        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);
        var update = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkSentAsync(update.Ref, Owner, update.PlatformMessageId, Now, Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
        Assert.Null(await Store.GetNextDueAsync(Ct));
        Assert.Equal(AlertStatus.Sent, (await Alerts.FindAlertAsync(Channel, id, Ct))!.Status);
    }

    [StoreFact]
    public async Task MarkSentAsync_UpdateAskedForAgainWhileClaimed_StaysDue()
    {
        var (digestId, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 2);
        await SendDueAsync();
        await Alerts.AcknowledgeAsync(Channel, alertIds[0], Ack(), Ct);
        var update = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        await Alerts.AcknowledgeAsync(Channel, alertIds[1], Ack(), Ct);

        await Store.MarkSentAsync(update.Ref, Owner, update.PlatformMessageId, Now, Ct);

        var again = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal((OutboxWork.Update, digestId), (again.Ref.Work, again.Post.PostId));
    }

    [StoreFact]
    public async Task MarkRetryAsync_Update_IsDueAgainAtRetryTime()
    {
        var id = await SentAlertAsync();
        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);
        var update = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkRetryAsync(update.Ref, Owner, Now + TimeSpan.FromMinutes(1), "HTTP 429", Ct);

        Assert.Equal(Now + TimeSpan.FromMinutes(1), await Store.GetNextDueAsync(Ct));
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromSeconds(59), Lease, 10, Ct));
        var again = Assert.Single(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromMinutes(1), Lease, 10, Ct));
        Assert.Equal((OutboxWork.Update, 2), (again.Ref.Work, again.Attempts));
    }

    [StoreFact]
    public async Task MarkFailedAsync_Update_GivesUpAndLeavesTheAlertSent()
    {
        var id = await SentAlertAsync();
        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);
        var update = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkFailedAsync(update.Ref, Owner, "message_not_found", Ct);

        var alert = (await Alerts.FindAlertAsync(Channel, id, Ct))!;
        Assert.Equal((AlertStatus.Sent, "message_not_found"), (alert.Status, alert.LastError));
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task ClaimDueAsync_UpdateLeasedByAnother_IsNotClaimedUntilTheLeaseExpires()
    {
        var id = await SentAlertAsync();
        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Empty(await Store.ClaimDueAsync("worker-b", Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));
        Assert.Single(await Store.ClaimDueAsync("worker-b", Now + Lease, Lease, 10, Ct));
    }

    [StoreFact]
    public async Task GetNextDueAsync_QueuedUpdate_ReturnsWhenItWasAskedFor()
    {
        var id = await SentAlertAsync();
        Clock.Advance(TimeSpan.FromMinutes(3));

        await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct);

        Assert.Equal(Now, await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_MutedAlert_StoresItWithoutAnyPost()
    {
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(Items, new PendingAlert(Channel, item.Key, 1, StoreTestData.Message(item), Held: true), item))!;

        Assert.IsType<AcknowledgeResult.Acknowledged>(await Alerts.AcknowledgeAsync(Channel, id, Ack(), Ct));

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
        Assert.NotNull((await Mutes.GetHeldAlertsAsync(Channel, Ct))[0].Message.Acknowledged);
    }

    private protected Acknowledgement Ack(string? note = null) => new(StoreTestData.Ada, Now, note);

    private Task<IReadOnlyList<OutboxEntry>> SendDueAsync() => StoreTestData.SendDueAsync(Store, Now);

    private async Task<string> SentAlertAsync()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        await SendDueAsync();
        return id;
    }
}

public sealed class SqliteAcknowledgeTests : AcknowledgeTests;

public sealed class PostgresAcknowledgeTests : AcknowledgeTests, IPostgresStoreTest;
