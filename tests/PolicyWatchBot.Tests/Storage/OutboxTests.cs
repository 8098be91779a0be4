using System.Text.Json;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public abstract class OutboxTests : OutboxStoreTest
{
    private protected const string OtherOwner = "worker-b";

    [StoreFact]
    public async Task ClaimDueAsync_SeveralDue_ReturnsThemInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(3));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(ids, claimed.Select(c => c.Post.PostId));
        Assert.Equal(claimed.Select(c => c.Id).Order(), claimed.Select(c => c.Id));
    }

    [StoreFact]
    public async Task ClaimDueAsync_Due_RoundTripsThePayload()
    {
        var item = StoreTestData.Item();
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, item))[0];
        var expected = StoreTestData.Message(item) with { AlertId = id };

        var message = Assert.IsType<AlertMessage>(Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Post);

        // Record equality compares lists by reference; compare every field, lists included, through JSON.
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(message));
        Assert.Equal("entity-list", Assert.Single(message.MatchedRules).Name);
    }

    [StoreFact]
    public async Task ClaimDueAsync_Due_ReturnsChannelAttemptAndLease()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        Assert.Equal(ChannelKey.Console("alerts"), entry.Channel);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(Owner, entry.LeaseOwner);
        Assert.Equal(Now + Lease, entry.LeaseExpiresAt);
        Assert.False(entry.LeaseLapsed);
    }

    [StoreFact]
    public async Task ClaimDueAsync_MoreDueThanMax_ReturnsTheFirstMax()
    {
        var ids = await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(5));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);

        Assert.Equal(ids.Take(2), claimed.Select(c => c.Post.PostId));
    }

    [StoreFact]
    public async Task ClaimDueAsync_BeforeCreation_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task ClaimDueAsync_OtherOwnerWhileLeaseHolds_ReturnsNothing()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Empty(await Store.ClaimDueAsync(OtherOwner, Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task ClaimDueAsync_StoredPostNoLongerReadsBack_FailsThatPostAloneAndClaimsTheOthers()
    {
        var ids = await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(3));
        // PostgreSQL keeps payloads as jsonb, so its damage is JSON of the wrong shape (a title that is a list).
        Assert.Equal(1, await Database.ExecuteAsync(OnPostgres
            ? """UPDATE alerts SET payload = '{"Title": [1]}'::jsonb WHERE public_id = @id"""
            : """UPDATE alerts SET payload = '{"Title": [' WHERE public_id = @id""", ("id", ids[1])));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal([ids[0], ids[2]], claimed.Select(c => c.Post.PostId));
        Assert.Equal(1, (await Store.GetOutboxCountsAsync(Ct)).Failed);
    }

    [StoreFact]
    public async Task ReleaseClaimsAsync_OwnersLeases_ClaimableByAnotherAtOnceCountingTheAttempt()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(2));
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        var released = await Store.ReleaseClaimsAsync(Owner, Ct);
        var again = await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Equal(2, released);
        Assert.Equal(2, again.Count);
        Assert.All(again, entry => Assert.Equal((OtherOwner, 2, false), (entry.LeaseOwner, entry.Attempts, entry.LeaseLapsed)));
    }

    [StoreFact]
    public async Task ReleaseClaimsAsync_AnotherOwnersLeases_LeftAlone()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        var released = await Store.ReleaseClaimsAsync(Owner, Ct);

        Assert.Equal(0, released);
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
    }

    [StoreFact]
    public async Task ClaimDueAsync_OtherOwnerAfterLeaseExpires_ClaimsAgain()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(OtherOwner, Now + Lease, Lease, 10, Ct));

        Assert.Equal(OtherOwner, entry.LeaseOwner);
        Assert.Equal(2, entry.Attempts);
        Assert.True(entry.LeaseLapsed);
    }

    [StoreFact]
    public async Task MarkSentAsync_ByOwner_CountsSentAndIsNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkSentAsync(entry.Ref, Owner, "1700000000.000100", Now, Ct);

        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task MarkSentAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkSentAsync(entry.Ref, OtherOwner, null, Now, Ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct));
    }

    [StoreFact]
    public async Task MarkSentAsync_ByOwnerAfterAnotherReclaimed_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];
        await Store.ClaimDueAsync(OtherOwner, Now + Lease, Lease, 10, Ct);

        await Store.MarkSentAsync(entry.Ref, Owner, null, Now + Lease, Ct);

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Pending);
    }

    [StoreFact]
    public async Task MarkRetryAsync_Later_IsNotDueBeforeThen()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), Lease, 10, Ct));
    }

    [StoreFact]
    public async Task MarkRetryAsync_Later_IsDueThen()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        var again = Assert.Single(await Store.ClaimDueAsync(OtherOwner, Now + TimeSpan.FromMinutes(10), Lease, 10, Ct));
        Assert.Equal(2, again.Attempts);
    }

    [StoreFact]
    public async Task MarkRetryAsync_Later_KeepsItPendingWithNextDueAtRetryTime()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, Owner, Now + TimeSpan.FromMinutes(10), "HTTP 503", Ct);

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Pending);
        Assert.Equal(Now + TimeSpan.FromMinutes(10), await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task MarkRetryAsync_ByNonOwner_ChangesNothing()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];

        await Store.MarkRetryAsync(entry.Ref, OtherOwner, Now + TimeSpan.FromHours(5), "no", Ct);

        Assert.Single(await Store.ClaimDueAsync(OtherOwner, Now + Lease, Lease, 10, Ct));
    }

    [StoreFact]
    public async Task MarkFailedAsync_ByOwner_ListedAsFailedAndNotClaimedAgain()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(2));
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct))[0];

        await Store.MarkFailedAsync(entry.Ref, Owner, "channel_not_found", Ct);

        Assert.Equal(new OutboxCounts(1, 0, 1, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.DoesNotContain(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromDays(1), Lease, 10, Ct), e => e.Id == entry.Id);
    }

    [StoreFact]
    public async Task GetNextDueAsync_NothingPending_ReturnsNull()
    {
        Assert.Null(await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task GetNextDueAsync_NewAlert_ReturnsItsCreationTime()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());

        Assert.Equal(Now, await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task GetNextDueAsync_ClaimedAlert_ReturnsLeaseExpiry()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(Now + Lease, await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task GetNextDueAsync_AllSent_ReturnsNull()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct))[0];
        await Store.MarkSentAsync(entry.Ref, Owner, null, Now, Ct);

        Assert.Null(await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task GetNextDueAsync_PostDueBeforeTheOlderPostItWaitsBehind_CountsOnlyTheOlderOne()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(2));
        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        await Store.MarkRetryAsync(claimed[0].Ref, Owner, Now + TimeSpan.FromSeconds(20), "HTTP 503", Ct);
        await Store.MarkDeferredAsync(claimed[1].Ref, Owner, Now + TimeSpan.FromSeconds(10), "waiting", Ct);

        var next = await Store.GetNextDueAsync(Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now + TimeSpan.FromSeconds(10), Lease, 10, Ct));
        Assert.Equal(Now + TimeSpan.FromSeconds(20), next);
    }

    [StoreFact]
    public async Task GetWaitingAsync_RetryAndPostsBehindIt_GroupedByReasonWithTheirNextTry()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(3));
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

    [StoreFact]
    public async Task ClaimDueAsync_AlertDigestAndUpdate_ClaimsOldestFirstAcrossKinds()
    {
        var (sent, digest, pending) = await OneOfEachKindAsync();

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(
            new[] { (OutboxKind.Alert, OutboxWork.Update, sent), (OutboxKind.Digest, OutboxWork.Send, digest), (OutboxKind.Alert, OutboxWork.Send, pending) },
            claimed.Select(c => (c.Ref.Kind, c.Ref.Work, c.Post.PostId)));
    }

    [StoreFact]
    public async Task ClaimDueAsync_AcrossKindsMoreThanMax_ClaimsTheOldestMax()
    {
        var (sent, digest, _) = await OneOfEachKindAsync();

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);

        Assert.Equal(new[] { sent, digest }, claimed.Select(c => c.Post.PostId));
    }

    [StoreFact]
    public async Task ClaimDueAsync_AcrossKindsWhileLeased_AnotherWorkerWaitsForTheChannelsOlderSend()
    {
        await OneOfEachKindAsync();
        await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);

        var rest = await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Empty(rest);
    }

    [StoreFact]
    public async Task ClaimDueAsync_AcrossKindsOnceTheOlderSendIsDone_AnotherWorkerGetsTheRest()
    {
        var (_, digest, pending) = await OneOfEachKindAsync();
        var first = await Store.ClaimDueAsync(Owner, Now, Lease, 2, Ct);
        await Store.MarkSentAsync(first.Single(c => c.Post.PostId == digest).Ref, Owner, "m-digest", Now, Ct);

        var rest = await Store.ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Equal(new[] { pending }, rest.Select(c => c.Post.PostId));
    }

    [StoreFact]
    public async Task GetNextDueAsync_AllKindsClaimed_ReturnsTheLeaseExpiry()
    {
        await OneOfEachKindAsync();
        await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(Now + Lease, await Store.GetNextDueAsync(Ct));
    }

    [StoreFact]
    public async Task ClaimDueAsync_TwoWorkersOnOneFileAtOnce_EveryPostClaimedExactlyOnce()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, Enumerable.Range(1, 30).Select(i => StoreTestData.Item($"2025-{i:00000}")).ToArray());
        await StoreTestData.FloodAsync(Items, Channel, 8);
        var secondWorker = OpenAnotherStore();

        var claims = await Task.WhenAll(ClaimAllAsync(Store, Owner), ClaimAllAsync(secondWorker, OtherOwner));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(31, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    // Claims a few at a time and marks each sent, until nothing is due, as a dispatcher does.
    private async Task<List<OutboxRef>> ClaimAllAsync(IOutboxStore store, string owner)
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
        var sent = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item("2025-00001")))[0];
        await StoreTestData.SendDueAsync(Store, Now);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var (digest, _) = await StoreTestData.FloodAsync(Items, Channel, 2);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var pending = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item("2025-00002")))[0];
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Alerts.AcknowledgeAsync(Channel, sent, new Acknowledgement(StoreTestData.Ada, Now, null), Ct);
        return (sent, digest, pending);
    }
}

public sealed class SqliteOutboxTests : OutboxTests;

/// <summary>Claims from several instances of the bot on one PostgreSQL database.</summary>
public sealed class PostgresOutboxTests : OutboxTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task ClaimDueAsync_TwoInstancesManyWorkersAtOnce_EachPostClaimedOnceAndEachChannelInOrder()
    {
        var channels = new List<long> { Channel };
        for (var c = 1; c < 4; c++)
        {
            channels.Add(await StoreTestData.ConsoleChannelAsync(Channels, $"desk-{c}"));
        }

        // Five polls, each queueing one alert per channel for each of its ten items: 50 alerts a channel, oldest first.
        var queued = channels.ToDictionary(c => c, _ => new List<string>());
        for (var poll = 0; poll < 5; poll++)
        {
            var items = Enumerable.Range(1, 10).Select(i => StoreTestData.Item($"2025-{poll * 10 + i:00000}")).ToArray();
            var alerts = items.SelectMany(i => channels.Select(c => new PendingAlert(c, i.Key, 1, StoreTestData.Message(i)))).ToList();
            var (_, ids) = await StorePolls.EnqueueAsync(Items, items, alerts);
            for (var a = 0; a < alerts.Count; a++)
            {
                queued[alerts[a].ChannelId].Add(ids[a]!);
            }

            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var instances = new[] { Store, OpenAnotherStore() };
        var claims = new System.Collections.Concurrent.ConcurrentQueue<(long Order, string Channel, string PostId)>();
        long order = 0;
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = instances[w % 2];
            var owner = $"instance-{w % 2}-worker-{w}";
            var idle = 0;
            while (idle < 3)
            {
                var batch = await store.ClaimDueAsync(owner, Now, Lease, 3, Ct);
                idle = batch.Count == 0 ? idle + 1 : 0;
                foreach (var entry in batch)
                {
                    // Recorded before it is marked sent: the next post of its channel cannot be claimed before that.
                    claims.Enqueue((Interlocked.Increment(ref order), entry.Channel.Channel, entry.Post.PostId));
                    await store.MarkSentAsync(entry.Ref, owner, "msg-" + entry.Post.PostId, Now, Ct);
                }

                if (batch.Count == 0)
                {
                    await Task.Yield();
                }
            }
        }, Ct)).ToList();
        await Task.WhenAll(workers);

        var all = claims.OrderBy(c => c.Order).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Select(c => c.PostId).Distinct().Count());
        foreach (var channel in channels)
        {
            var name = (await Database.ScalarAsync<string>("SELECT channel FROM channels WHERE id = @c", ("c", channel)));
            Assert.Equal(queued[channel], all.Where(c => c.Channel == name).Select(c => c.PostId));
        }

        Assert.Equal(new OutboxCounts(0, 200, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [StoreFact]
    public async Task ClaimDueAsync_ChannelHeldByAnotherInstancesClaim_SkipsThatChannelAndClaimsTheOthers()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var item = StoreTestData.Item();
        await StorePolls.EnqueueAsync(Items, [item], [new PendingAlert(Channel, item.Key, 1, StoreTestData.Message(item)), new PendingAlert(other, item.Key, 1, StoreTestData.Message(item))]);
        await using var connection = new Npgsql.NpgsqlConnection(((PostgresTestStoreDatabase)Database).ConnectionString);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var hold = new Npgsql.NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(hashtextextended('policywatch-claim:' || current_schema() || ':' || @c, 0))", connection, transaction))
        {
            hold.Parameters.AddWithValue("c", Channel.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await hold.ExecuteNonQueryAsync(Ct);
        }

        var claimed = await OpenAnotherStore().ClaimDueAsync(OtherOwner, Now, Lease, 10, Ct);

        Assert.Equal(new[] { "other" }, claimed.Select(c => c.Channel.Channel));
        await transaction.RollbackAsync(Ct);
        Assert.Equal(new[] { "alerts" }, (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Select(c => c.Channel.Channel));
    }
}
