using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteOutboxTests : SqliteStoreTest
{
    private const string Owner = "worker-a";
    private const string OtherOwner = "worker-b";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private long _channel;

    private DateTimeOffset Now => Clock.GetUtcNow();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _channel = await StoreTestData.ConsoleChannelAsync(Store);
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_SeveralDue_ReturnsThemInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(3));

        var claimed = await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(ids, claimed.Select(c => c.Message.AlertId));
        Assert.Equal(claimed.Select(c => c.Id).Order(), claimed.Select(c => c.Id));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_Due_RoundTripsThePayload()
    {
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(Store, _channel, item))[0];
        var expected = StoreTestData.Message(item) with { AlertId = id };

        var message = Assert.Single(await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct)).Message;

        // Record equality compares lists by reference; compare every field, lists included, through JSON.
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(message));
        Assert.Equal("entity-list", Assert.Single(message.MatchedRules).Name);
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_Due_ReturnsChannelAttemptAndLease()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());

        var entry = Assert.Single(await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct));

        Assert.Equal(ChannelKey.Console("alerts"), entry.Channel);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(Owner, entry.LeaseOwner);
        Assert.Equal(Now + Lease, entry.LeaseExpiresAt);
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_MoreDueThanMax_ReturnsTheFirstMax()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(5));

        var claimed = await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 2, Ct);

        Assert.Equal(ids.Take(2), claimed.Select(c => c.Message.AlertId));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_BeforeCreation_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());

        Assert.Empty(await Store.ClaimDueAlertsAsync(Owner, Now - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_OtherOwnerWhileLeaseHolds_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct);

        Assert.Empty(await Store.ClaimDueAlertsAsync(OtherOwner, Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_OtherOwnerAfterLeaseExpires_ClaimsAgain()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct);

        var entry = Assert.Single(await Store.ClaimDueAlertsAsync(OtherOwner, Now + Lease, Lease, 10, Ct));

        Assert.Equal(OtherOwner, entry.LeaseOwner);
        Assert.Equal(2, entry.Attempts);
    }

    [Fact]
    public async Task MarkSentAsync_ByOwner_CountsSentAndIsNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkSentAsync(entry.Id, Owner, "1700000000.000100", Now, Ct);

        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.ClaimDueAlertsAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkSentAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkSentAsync(entry.Id, OtherOwner, null, Now, Ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.ClaimDueAlertsAsync(OtherOwner, Now, Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkSentAsync_ByOwnerAfterAnotherReclaimed_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];
        await Store.ClaimDueAlertsAsync(OtherOwner, Now + Lease, Lease, 10, Ct);

        await Store.MarkSentAsync(entry.Id, Owner, null, Now + Lease, Ct);

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Pending);
    }

    [Fact]
    public async Task MarkRetryAsync_Later_IsNotDueBeforeThen()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Id, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        Assert.Empty(await Store.ClaimDueAlertsAsync(Owner, Now + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkRetryAsync_Later_IsDueThen()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Id, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        var again = Assert.Single(await Store.ClaimDueAlertsAsync(OtherOwner, Now + TimeSpan.FromMinutes(10), Lease, 10, Ct));
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task MarkRetryAsync_Later_KeepsItPendingWithNextDueAtRetryTime()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Id, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Pending);
        Assert.Equal(Now + TimeSpan.FromMinutes(10), await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task MarkRetryAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Id, OtherOwner, Now + TimeSpan.FromHours(5), "no", Ct);

        Assert.Single(await Store.ClaimDueAlertsAsync(OtherOwner, Now + Lease, Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkFailedAsync_ByOwner_ListedAsFailedAndNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(2));
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 1, Ct))[0];

        await Store.MarkFailedAsync(entry.Id, Owner, "channel_not_found", Ct);

        Assert.Equal(new OutboxCounts(1, 0, 1, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.DoesNotContain(await Store.ClaimDueAlertsAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct), e => e.Id == entry.Id);
    }

    [Fact]
    public async Task GetNextDueAsync_NothingPending_ReturnsNull()
    {
        Assert.Null(await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_NewAlert_ReturnsItsCreationTime()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());

        Assert.Equal(Now, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_ClaimedAlert_ReturnsLeaseExpiry()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(Now + Lease, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_AllSent_ReturnsNull()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, Ct))[0];
        await Store.MarkSentAsync(entry.Id, Owner, null, Now, Ct);

        Assert.Null(await Store.GetNextDueAsync(Ct));
    }
}
