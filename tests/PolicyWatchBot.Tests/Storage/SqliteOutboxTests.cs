using System.Text.Json;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteOutboxTests : ChannelStoreTest
{
    private const string OtherOwner = "worker-b";

    [Fact]
    public async Task ClaimDueAsync_SeveralDue_ReturnsThemInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(3));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(ids, claimed.Select(c => c.Post.PostId));
        Assert.Equal(claimed.Select(c => c.Id).Order(), claimed.Select(c => c.Id));
    }

    [Fact]
    public async Task ClaimDueAsync_Due_RoundTripsThePayload()
    {
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(Store, Channel, item))[0];
        var expected = StoreTestData.Message(item) with { AlertId = id };

        var message = Assert.IsType<AlertMessage>(Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Post);

        // Record equality compares lists by reference; compare every field, lists included, through JSON.
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(message));
        Assert.Equal("entity-list", Assert.Single(message.MatchedRules).Name);
    }

    [Fact]
    public async Task ClaimDueAsync_Due_ReturnsChannelAttemptAndLease()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        Assert.Equal(ChannelKey.Console("alerts"), entry.Channel);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(Owner, entry.LeaseOwner);
        Assert.Equal(Now + Lease, entry.LeaseExpiresAt);
        Assert.False(entry.LeaseLapsed);
    }

    [Fact]
    public async Task ClaimDueAsync_MoreDueThanMax_ReturnsTheFirstMax()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(5));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);

        Assert.Equal(ids.Take(2), claimed.Select(c => c.Post.PostId));
    }

    [Fact]
    public async Task ClaimDueAsync_BeforeCreation_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_OtherOwnerWhileLeaseHolds_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Empty(await Store.ClaimDueAsync(OtherOwner, Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_StoredPostNoLongerReadsBack_FailsThatPostAloneAndClaimsTheOthers()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(3));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE alerts SET payload = '{\"Title\": [' WHERE public_id = $id";
            damage.Parameters.AddWithValue("$id", ids[1]);
            Assert.Equal(1, await damage.ExecuteNonQueryAsync(Ct));
        }

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal([ids[0], ids[2]], claimed.Select(c => c.Post.PostId));
        Assert.Equal(1, (await Store.GetOutboxCountsAsync(Ct)).Failed);
    }

    [Fact]
    public async Task ReleaseClaimsAsync_OwnersLeases_ClaimableByAnotherAtOnceCountingTheAttempt()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(2));
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        var released = await Store.ReleaseClaimsAsync(Owner, Ct);
        var again = await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Equal(2, released);
        Assert.Equal(2, again.Count);
        Assert.All(again, entry => Assert.Equal((OtherOwner, 2, false), (entry.LeaseOwner, entry.Attempts, entry.LeaseLapsed)));
    }

    [Fact]
    public async Task ReleaseClaimsAsync_AnotherOwnersLeases_LeftAlone()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        var released = await Store.ReleaseClaimsAsync(Owner, Ct);

        Assert.Equal(0, released);
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_OtherOwnerAfterLeaseExpires_ClaimsAgain()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(OtherOwner, Now + Lease, Lease, 10, Ct));

        Assert.Equal(OtherOwner, entry.LeaseOwner);
        Assert.Equal(2, entry.Attempts);
        Assert.True(entry.LeaseLapsed);
    }

    [Fact]
    public async Task MarkSentAsync_ByOwner_CountsSentAndIsNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkSentAsync(entry.Ref, Owner, "1700000000.000100", Now, Ct);

        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkSentAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkSentAsync(entry.Ref, OtherOwner, null, Now, Ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkSentAsync_ByOwnerAfterAnotherReclaimed_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];
        await Store.ClaimDueAsync(OtherOwner, Now + Lease, Lease, 10, Ct);

        await Store.MarkSentAsync(entry.Ref, Owner, null, Now + Lease, Ct);

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Pending);
    }

    [Fact]
    public async Task MarkRetryAsync_Later_IsNotDueBeforeThen()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkRetryAsync_Later_IsDueThen()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        var again = Assert.Single(await Store.ClaimDueAsync(OtherOwner, Now + TimeSpan.FromMinutes(10), Lease, 10, Ct));
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task MarkRetryAsync_Later_KeepsItPendingWithNextDueAtRetryTime()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Pending);
        Assert.Equal(Now + TimeSpan.FromMinutes(10), await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task MarkRetryAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, OtherOwner, Now + TimeSpan.FromHours(5), "no", Ct);

        Assert.Single(await Store.ClaimDueAsync(OtherOwner, Now + Lease, Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkFailedAsync_ByOwner_ListedAsFailedAndNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(2));
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct))[0];

        await Store.MarkFailedAsync(entry.Ref, Owner, "channel_not_found", Ct);

        Assert.Equal(new OutboxCounts(1, 0, 1, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.DoesNotContain(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct), e => e.Id == entry.Id);
    }

    [Fact]
    public async Task GetNextDueAsync_NothingPending_ReturnsNull()
    {
        Assert.Null(await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_NewAlert_ReturnsItsCreationTime()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());

        Assert.Equal(Now, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_ClaimedAlert_ReturnsLeaseExpiry()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(Now + Lease, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_AllSent_ReturnsNull()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];
        await Store.MarkSentAsync(entry.Ref, Owner, null, Now, Ct);

        Assert.Null(await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task GetNextDueAsync_PostDueBeforeTheOlderPostItWaitsBehind_CountsOnlyTheOlderOne()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(2));
        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        await Store.MarkRetryAsync(claimed[0].Ref, Owner, Now + TimeSpan.FromSeconds(20), "HTTP 503", Ct);
        await Store.MarkDeferredAsync(claimed[1].Ref, Owner, Now + TimeSpan.FromSeconds(10), "waiting", Ct);

        var next = await Store.GetNextDueAsync(Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromSeconds(10), Lease, 10, Ct));
        Assert.Equal(Now + TimeSpan.FromSeconds(20), next);
    }

    [Fact]
    public async Task GetWaitingAsync_RetryAndPostsBehindIt_GroupedByReasonWithTheirNextTry()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Items(3));
        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        await Store.MarkRetryAsync(claimed[0].Ref, Owner, Now + TimeSpan.FromSeconds(20), "HTTP 503", Ct);
        await Store.MarkDeferredAsync(claimed[1].Ref, Owner, Now + TimeSpan.FromSeconds(20), "waiting behind", Ct);
        await Store.MarkSentAsync(claimed[2].Ref, Owner, "m3", Now, Ct);

        var waiting = await Store.GetWaitingAsync(Ct);

        Assert.Equal(
            new (string?, long, WaitingState)[] { ("HTTP 503", 1L, WaitingState.Pending), ("waiting behind", 1L, WaitingState.Pending) },
            waiting.Select(w => (w.Reason, w.Count, w.State)).Order());
        Assert.All(waiting, w => Assert.Equal(Now + TimeSpan.FromSeconds(20), w.NextTry));
    }

    [Fact]
    public async Task ClaimDueAsync_AlertDigestAndUpdate_ClaimsOldestFirstAcrossKinds()
    {
        var (sent, digest, pending) = await OneOfEachKindAsync();

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(
            new[] { (OutboxKind.Alert, OutboxWork.Update, sent), (OutboxKind.Digest, OutboxWork.Send, digest), (OutboxKind.Alert, OutboxWork.Send, pending) },
            claimed.Select(c => (c.Ref.Kind, c.Ref.Work, c.Post.PostId)));
    }

    [Fact]
    public async Task ClaimDueAsync_AcrossKindsMoreThanMax_ClaimsTheOldestMax()
    {
        var (sent, digest, _) = await OneOfEachKindAsync();

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);

        Assert.Equal(new[] { sent, digest }, claimed.Select(c => c.Post.PostId));
    }

    [Fact]
    public async Task ClaimDueAsync_AcrossKindsWhileLeased_AnotherWorkerWaitsForTheChannelsOlderSend()
    {
        await OneOfEachKindAsync();
        await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);

        var rest = await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Empty(rest);
    }

    [Fact]
    public async Task ClaimDueAsync_AcrossKindsOnceTheOlderSendIsDone_AnotherWorkerGetsTheRest()
    {
        var (_, digest, pending) = await OneOfEachKindAsync();
        var first = await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);
        await Store.MarkSentAsync(first.Single(c => c.Post.PostId == digest).Ref, Owner, "m-digest", Now, Ct);

        var rest = await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Equal(new[] { pending }, rest.Select(c => c.Post.PostId));
    }

    [Fact]
    public async Task GetNextDueAsync_AllKindsClaimed_ReturnsTheLeaseExpiry()
    {
        await OneOfEachKindAsync();
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(Now + Lease, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_TwoWorkersOnOneFileAtOnce_EveryPostClaimedExactlyOnce()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, Enumerable.Range(1, 30).Select(i => StoreTestData.Item($"2025-{i:00000}")).ToArray());
        await StoreTestData.FloodAsync(Store, Channel, 8);
        var secondWorker = Database.CreateStore(Clock);

        var claims = await Task.WhenAll(ClaimAllAsync(Store, Owner), ClaimAllAsync(secondWorker, OtherOwner));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(31, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    // Claims a few at a time and marks each sent, until nothing is due, as a dispatcher does.
    private async Task<List<OutboxRef>> ClaimAllAsync(PolicyWatchBot.Storage.Sqlite.SqliteStore store, string owner)
    {
        var claimed = new List<OutboxRef>();
        while (await store.ClaimDueAsync(owner, Now, Lease, 3, Ct) is { Count: > 0 } batch)
        {
            foreach (var entry in batch)
            {
                claimed.Add(entry.Ref);
                await store.MarkSentAsync(entry.Ref, owner, "msg", Now, Ct);
            }
        }

        return claimed;
    }

    /// <summary>A sent alert with an update asked for, then a pending flood digest, then a pending alert, a minute apart.</summary>
    private async Task<(string Sent, string Digest, string Pending)> OneOfEachKindAsync()
    {
        var sent = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item("2025-00001")))[0];
        await StoreTestData.SendDueAsync(Store, Now);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var (digest, _) = await StoreTestData.FloodAsync(Store, Channel, 2);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var pending = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item("2025-00002")))[0];
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.AcknowledgeAsync(Channel, sent, new Acknowledgement(StoreTestData.Ada, Now, null), Ct);
        return (sent, digest, pending);
    }
}
