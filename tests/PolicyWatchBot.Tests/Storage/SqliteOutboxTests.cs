using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteOutboxTests : IAsyncLifetime
{
    private const string Owner = "worker-a";
    private const string OtherOwner = "worker-b";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly FakeTimeProvider _clock = new(StoreTestData.Start);
    private readonly TempSqliteDatabase _db = new();
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private SqliteStore _store = null!;
    private long _channel;

    private DateTimeOffset Now => _clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        _store = _db.CreateStore(_clock);
        await _store.MigrateAsync(_ct);
        _channel = await StoreTestData.ConsoleChannelAsync(_store);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_SeveralDue_ReturnsThemInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(3));

        var claimed = await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct);

        Assert.Equal(ids, claimed.Select(c => c.Message.AlertId));
        Assert.Equal(claimed.Select(c => c.Id).Order(), claimed.Select(c => c.Id));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_Due_RoundTripsThePayload()
    {
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(_store, _channel, item))[0];
        var expected = StoreTestData.Message(item) with { AlertId = id };

        var message = Assert.Single(await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct)).Message;

        // Record equality compares lists by reference; compare every field, lists included, through JSON.
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(message));
        Assert.Equal("entity-list", Assert.Single(message.MatchedRules).Name);
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_Due_ReturnsChannelAttemptAndLease()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());

        var entry = Assert.Single(await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct));

        Assert.Equal(ChannelKey.Console("alerts"), entry.Channel);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(Owner, entry.LeaseOwner);
        Assert.Equal(Now + Lease, entry.LeaseExpiresAt);
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_MoreDueThanMax_ReturnsTheFirstMax()
    {
        var ids = await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(5));

        var claimed = await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 2, _ct);

        Assert.Equal(ids.Take(2), claimed.Select(c => c.Message.AlertId));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_BeforeCreation_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());

        Assert.Empty(await _store.ClaimDueAlertsAsync(Owner, Now - TimeSpan.FromSeconds(1), Lease, 10, _ct));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_OtherOwnerWhileLeaseHolds_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct);

        Assert.Empty(await _store.ClaimDueAlertsAsync(OtherOwner, Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, _ct));
    }

    [Fact]
    public async Task ClaimDueAlertsAsync_OtherOwnerAfterLeaseExpires_ClaimsAgain()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct);

        var entry = Assert.Single(await _store.ClaimDueAlertsAsync(OtherOwner, Now + Lease, Lease, 10, _ct));

        Assert.Equal(OtherOwner, entry.LeaseOwner);
        Assert.Equal(2, entry.Attempts);
    }

    [Fact]
    public async Task MarkSentAsync_ByOwner_CountsSentAndIsNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];

        await _store.MarkSentAsync(entry.Id, Owner, "1700000000.000100", Now, _ct);

        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
        Assert.Empty(await _store.ClaimDueAlertsAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, _ct));
    }

    [Fact]
    public async Task MarkSentAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];

        await _store.MarkSentAsync(entry.Id, OtherOwner, null, Now, _ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
        Assert.Empty(await _store.ClaimDueAlertsAsync(OtherOwner, Now, Lease, 10, _ct));
    }

    [Fact]
    public async Task MarkSentAsync_ByOwnerAfterAnotherReclaimed_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];
        await _store.ClaimDueAlertsAsync(OtherOwner, Now + Lease, Lease, 10, _ct);

        await _store.MarkSentAsync(entry.Id, Owner, null, Now + Lease, _ct);

        Assert.Equal(1L, (await _store.GetOutboxCountsAsync(_ct)).Pending);
    }

    [Fact]
    public async Task MarkRetryAsync_Later_IsNotDueBeforeThen()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];

        await _store.MarkRetryAsync(entry.Id, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", _ct);

        Assert.Empty(await _store.ClaimDueAlertsAsync(Owner, Now + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), Lease, 10, _ct));
    }

    [Fact]
    public async Task MarkRetryAsync_Later_IsDueThen()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];

        await _store.MarkRetryAsync(entry.Id, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", _ct);

        var again = Assert.Single(await _store.ClaimDueAlertsAsync(OtherOwner, Now + TimeSpan.FromMinutes(10), Lease, 10, _ct));
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task MarkRetryAsync_Later_KeepsItPendingWithNextDueAtRetryTime()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];

        await _store.MarkRetryAsync(entry.Id, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", _ct);

        Assert.Equal(1L, (await _store.GetOutboxCountsAsync(_ct)).Pending);
        Assert.Equal(Now + TimeSpan.FromMinutes(10), await _store.GetNextDueAsync(_ct));
    }

    [Fact]
    public async Task MarkRetryAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];

        await _store.MarkRetryAsync(entry.Id, OtherOwner, Now + TimeSpan.FromHours(5), "no", _ct);

        Assert.Single(await _store.ClaimDueAlertsAsync(OtherOwner, Now + Lease, Lease, 10, _ct));
    }

    [Fact]
    public async Task MarkFailedAsync_ByOwner_ListedAsFailedAndNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(2));
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 1, _ct))[0];

        await _store.MarkFailedAsync(entry.Id, Owner, "channel_not_found", _ct);

        Assert.Equal(new OutboxCounts(1, 0, 1, 0, 0), await _store.GetOutboxCountsAsync(_ct));
        Assert.DoesNotContain(await _store.ClaimDueAlertsAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, _ct), e => e.Id == entry.Id);
    }

    [Fact]
    public async Task GetNextDueAsync_NothingPending_ReturnsNull()
    {
        Assert.Null(await _store.GetNextDueAsync(_ct));
    }

    [Fact]
    public async Task GetNextDueAsync_NewAlert_ReturnsItsCreationTime()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());

        Assert.Equal(Now, await _store.GetNextDueAsync(_ct));
    }

    [Fact]
    public async Task GetNextDueAsync_ClaimedAlert_ReturnsLeaseExpiry()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct);

        Assert.Equal(Now + Lease, await _store.GetNextDueAsync(_ct));
    }

    [Fact]
    public async Task GetNextDueAsync_AllSent_ReturnsNull()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        var entry = (await _store.ClaimDueAlertsAsync(Owner, Now, Lease, 10, _ct))[0];
        await _store.MarkSentAsync(entry.Id, Owner, null, Now, _ct);

        Assert.Null(await _store.GetNextDueAsync(_ct));
    }
}
