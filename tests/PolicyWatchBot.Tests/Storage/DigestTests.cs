using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Digests: one message for several alerts, which wait grouped and share its fate.</summary>
public abstract class DigestTests : OutboxStoreTest
{
    [StoreFact]
    public async Task AddDigestAsync_InPoll_ReturnsPwgIdAndGroupsItsAlerts()
    {
        var (digestId, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 3);

        Assert.StartsWith("PWG-", digestId, StringComparison.Ordinal);
        foreach (var id in alertIds)
        {
            var alert = (await Alerts.FindAlertAsync(Channel, id, Ct))!;
            Assert.Equal((AlertStatus.Grouped, digestId), (alert.Status, alert.DigestId));
        }
    }

    [StoreFact]
    public async Task AddDigestAsync_Flood_AlertsAreNotClaimedOnTheirOwn()
    {
        var (digestId, _) = await StoreTestData.FloodAsync(Items, Channel, 3);

        var claimed = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        Assert.Equal((OutboxKind.Digest, OutboxWork.Send, digestId), (claimed.Ref.Kind, claimed.Ref.Work, claimed.Post.PostId));
    }

    [StoreFact]
    public async Task AddDigestAsync_AnotherChannelsAlert_IsNotGrouped()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(Items, other, item))[0];

        await Alerts.AddDigestAsync(Channel, AlertDigest.Create(DigestReason.Flood, [StoreTestData.Message(item) with { AlertId = id }]), Ct);

        Assert.Equal(AlertStatus.Pending, (await Alerts.FindAlertAsync(other, id, Ct))!.Status);
    }

    [StoreFact]
    public async Task AddDigestAsync_AlreadySentAlert_StaysSent()
    {
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, item))[0];
        await StoreTestData.SendDueAsync(Store, Now);

        await Alerts.AddDigestAsync(Channel, AlertDigest.Create(DigestReason.Flood, [StoreTestData.Message(item) with { AlertId = id }]), Ct);

        var alert = (await Alerts.FindAlertAsync(Channel, id, Ct))!;
        Assert.Equal((AlertStatus.Sent, (string?)null), (alert.Status, alert.DigestId));
    }

    [StoreFact]
    public async Task ClaimDueAsync_PendingDigest_ReturnsTheDigestWithItsIdAndEntries()
    {
        var (digestId, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 3);

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        var digest = Assert.IsType<AlertDigest>(entry.Post);
        Assert.Equal(digestId, digest.DigestId);
        Assert.Equal(DigestReason.Flood, digest.Reason);
        Assert.Equal(alertIds, digest.Entries.Select(e => e.AlertId));
        Assert.Equal((1, Owner, Now + Lease), (entry.Attempts, entry.LeaseOwner, entry.LeaseExpiresAt));
    }

    [StoreFact]
    public async Task MarkSentAsync_Digest_MarksItsAlertsSentWithItsMessageId()
    {
        var (_, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 2);
        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkSentAsync(entry.Ref, Owner, "1700000000.000100", Now, Ct);

        Assert.Equal(new OutboxCounts(0, 2, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Equal(AlertStatus.Sent, (await Alerts.FindAlertAsync(Channel, alertIds[0], Ct))!.Status);
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task MarkSentAsync_DigestByNonOwner_LeavesItsAlertsGrouped()
    {
        await StoreTestData.FloodAsync(Items, Channel, 2);
        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkSentAsync(entry.Ref, "worker-b", "x", Now, Ct);

        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0, Grouped: 2, PendingDigests: 1), await Store.GetOutboxCountsAsync(Ct));
    }

    [StoreFact]
    public async Task MarkRetryAsync_Digest_IsDueAgainThen()
    {
        await StoreTestData.FloodAsync(Items, Channel, 2);
        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(5), "HTTP 503", Ct);

        Assert.Equal(Now + TimeSpan.FromMinutes(5), await Store.GetNextDueAsync(Ct));
        Assert.Equal(2, Assert.Single(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromMinutes(5), Lease, 10, Ct)).Attempts);
    }

    [StoreFact]
    public async Task MarkFailedAsync_Digest_FailsItsAlertsWithTheReason()
    {
        var (_, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 2);
        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkFailedAsync(entry.Ref, Owner, "channel_not_found", Ct);

        var alert = (await Alerts.FindAlertAsync(Channel, alertIds[0], Ct))!;
        Assert.Equal((AlertStatus.Failed, "channel_not_found"), (alert.Status, alert.LastError));
        Assert.Equal(2, (await Alerts.GetChannelActivityAsync(Channel, Ct)).Failed.Count);
    }

    [StoreFact]
    public async Task AddDigestAsync_HeldAlerts_GroupsThemOutsideAPoll()
    {
        var held = new List<AlertMessage>();
        foreach (var item in StoreTestData.Items(2))
        {
            await StoreTestData.EnqueueAsync(Items, new PendingAlert(Channel, item.Key, 1, StoreTestData.Message(item), Held: true), item);
        }

        held.AddRange((await Mutes.GetHeldAlertsAsync(Channel, Ct)).Select(h => h.Message));
        var digestId = await Alerts.AddDigestAsync(Channel, AlertDigest.Create(DigestReason.MuteEnded, held, ["rule chips"]), Ct);

        Assert.Empty(await Mutes.GetHeldAlertsAsync(Channel, Ct));
        Assert.Equal(digestId, (await Alerts.FindAlertAsync(Channel, held[0].AlertId, Ct))!.DigestId);
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0, Grouped: 2, PendingDigests: 1), await Store.GetOutboxCountsAsync(Ct));
    }
}

public sealed class SqliteDigestTests : DigestTests;

public sealed class PostgresDigestTests : DigestTests, IPostgresStoreTest;
