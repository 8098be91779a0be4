using Npgsql;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// Feed outages and their notices: opened and closed once, each notice an outbox row like an alert
/// (read as rows, and as the outbox claims them). Run against SQLite and PostgreSQL.
/// </summary>
public abstract class FeedNoticeStoreTests : ConsoleChannelStoreTest<IFeedNoticeStore>
{
    private const string Owner = "worker-a";

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private protected static readonly FeedId Bis = new("fr-bis");

    [StoreFact]
    public async Task OpenOutageAsync_New_RecordsTheOutageAndQueuesOneNoticeToEachChannel()
    {
        var later = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>(), "later");

        Assert.True(await Store.OpenOutageAsync(Bis, Failing(), [Channel, later], Ct));

        Assert.Equal(new FeedOutage(Bis, FeedHealthChange.Failing, Now.AddHours(-3), Now), await Store.GetOpenOutageAsync(Bis, Ct));
        Assert.Equal([(Channel, "failing"), (later, "failing")], await NoticesAsync());
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM feed_notices WHERE status = 'pending' AND public_id LIKE 'PWH-%'"));
    }

    [StoreFact]
    public async Task OpenOutageAsync_AlreadyOpen_ReturnsFalseAndWritesNothing()
    {
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);

        Assert.False(await Store.OpenOutageAsync(Bis, Failing() with { Change = FeedHealthChange.Empty }, [Channel], Ct));

        Assert.Equal(FeedHealthChange.Failing, (await Store.GetOpenOutageAsync(Bis, Ct))!.Cause);
        Assert.Single(await NoticesAsync());
    }

    [StoreFact]
    public async Task OpenOutageAsync_RecoveredNotice_IsRefusedAndWritesNothing()
    {
        var recovered = Failing() with { Change = FeedHealthChange.Recovered };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenOutageAsync(Bis, recovered, [Channel], Ct));

        Assert.Null(await Store.GetOpenOutageAsync(Bis, Ct));
        Assert.Empty(await NoticesAsync());
    }

    [StoreFact]
    public async Task CloseOutageAsync_Open_QueuesTheRecoveryToTheChannelsToldAndTheSubscribersOnce()
    {
        var later = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>(), "later");
        await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>(), "never-told");
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);

        Assert.Equal(2, await Store.CloseOutageAsync(Bis, Recovered(), [Channel, later], Ct));
        Assert.Null(await Store.CloseOutageAsync(Bis, Recovered(), [Channel, later], Ct));

        Assert.Equal([(Channel, "failing"), (Channel, "recovered"), (later, "recovered")], await NoticesAsync());
        Assert.Null(await Store.GetOpenOutageAsync(Bis, Ct));
    }

    [StoreFact]
    public async Task CloseOutageAsync_NoneOpen_ReturnsNullAndQueuesNothing()
    {
        Assert.Null(await Store.CloseOutageAsync(Bis, Recovered(), [Channel], Ct));

        Assert.Empty(await NoticesAsync());
    }

    [StoreFact]
    public async Task OpenOutageAsync_AfterTheLastOneClosed_OpensANewOne()
    {
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        await Store.CloseOutageAsync(Bis, Recovered(), [], Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.True(await Store.OpenOutageAsync(Bis, Failing() with { Change = FeedHealthChange.Empty, At = Now, Since = null }, [Channel], Ct));

        Assert.Equal(new FeedOutage(Bis, FeedHealthChange.Empty, null, Now), await Store.GetOpenOutageAsync(Bis, Ct));
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM feed_outages"));
    }

    [StoreFact]
    public async Task GetOpenOutagesAsync_SeveralFeeds_ListsEachOpenOneByFeed()
    {
        await Store.OpenOutageAsync(new FeedId("uk-ecju"), Failing(), [Channel], Ct);
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        await Store.OpenOutageAsync(new FeedId("fr-ofac"), Failing(), [Channel], Ct);
        await Store.CloseOutageAsync(new FeedId("fr-ofac"), Recovered(), [], Ct);

        Assert.Equal(["fr-bis", "uk-ecju"], (await Store.GetOpenOutagesAsync(Ct)).Select(o => o.Feed.Value));
    }

    [StoreFact]
    public async Task OpenOutageAsync_AlreadyOpen_ReturnsFalseAndQueuesNothingMore()
    {
        Assert.True(await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct));

        Assert.False(await Store.OpenOutageAsync(Bis, Failing() with { FailedPolls = 4 }, [Channel], Ct));

        var claimed = Assert.Single(await FullStore.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        var notice = Assert.IsType<FeedHealthNotice>(claimed.Post);
        Assert.Equal(3, notice.FailedPolls);
        Assert.StartsWith(FeedHealthNotice.IdPrefix, notice.NoticeId, StringComparison.Ordinal);
        Assert.Equal(FeedHealthChange.Failing, (await Store.GetOpenOutageAsync(Bis, Ct))!.Cause);
    }

    [StoreFact]
    public async Task CloseOutageAsync_Open_TellsTheChannelsToldOfItOnce()
    {
        // A channel not told of the trouble is not told it is over.
        await FullStore.EnsureChannelAsync(ChannelKey.Console("later"), "#later", Ct);
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        var recovered = new FeedHealthNotice { FeedId = Bis.Value, Change = FeedHealthChange.Recovered, At = Now, CaughtUp = 4 };

        Assert.Equal(1, await Store.CloseOutageAsync(Bis, recovered, [], Ct));
        Assert.Null(await Store.CloseOutageAsync(Bis, recovered, [], Ct));

        var claimed = await FullStore.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Assert.Equal([FeedHealthChange.Failing, FeedHealthChange.Recovered], claimed.Select(c => ((FeedHealthNotice)c.Post).Change));
        Assert.All(claimed, c => Assert.Equal(ChannelKey.Console("alerts"), c.Channel));
        Assert.Null(await Store.GetOpenOutageAsync(Bis, Ct));
    }

    [StoreFact]
    public async Task CloseOutageAsync_SubscribersNow_ToldOnceEachAsWellAsTheChannelsToldOfIt()
    {
        // "later" subscribed during the outage (its subscribe reply said the feed was failing); Channel was told and is still subscribed.
        var later = await FullStore.EnsureChannelAsync(ChannelKey.Console("later"), "#later", Ct);
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        var recovered = new FeedHealthNotice { FeedId = Bis.Value, Change = FeedHealthChange.Recovered, At = Now, CaughtUp = 4 };

        Assert.Equal(2, await Store.CloseOutageAsync(Bis, recovered, [Channel, later], Ct));

        var claimed = await FullStore.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Assert.Equal(
            [(ChannelKey.Console("alerts"), FeedHealthChange.Failing), (ChannelKey.Console("alerts"), FeedHealthChange.Recovered), (ChannelKey.Console("later"), FeedHealthChange.Recovered)],
            claimed.Select(c => (c.Channel, ((FeedHealthNotice)c.Post).Change)).OrderBy(c => c.Channel.ToString(), StringComparer.Ordinal).ThenBy(c => c.Change));
    }

    [StoreFact]
    public async Task ClaimDueAsync_NoticeBehindAnOlderAlert_WaitsForItsChannelsTurn()
    {
        await StoreTestData.EnqueueAsync(FullStore, Channel, StoreTestData.Item());
        var first = Assert.Single(await FullStore.ClaimDueAsync(Owner, Now, Lease, 1, Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.OpenOutageAsync(Bis, Failing() with { At = Now }, [Channel], Ct);

        Assert.Empty(await FullStore.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await FullStore.MarkSentAsync(first.Ref, Owner, null, Now, Ct);
        Assert.IsType<FeedHealthNotice>(Assert.Single(await FullStore.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Post);
    }

    private IStore FullStore => StoreAs<IStore>();

    private protected FeedHealthNotice Failing() => new()
    {
        FeedId = Bis.Value,
        Change = FeedHealthChange.Failing,
        At = Now,
        Since = Now.AddHours(-3),
        FailedPolls = 3,
        Reason = "feed fr-bis: HTTP 503",
    };

    private protected FeedHealthNotice Recovered() => new() { FeedId = Bis.Value, Change = FeedHealthChange.Recovered, At = Now, CaughtUp = 4 };

    /// <summary>The queued notices as (channel, change), in the order they were queued.</summary>
    private Task<List<(long Channel, string Change)>> NoticesAsync() =>
        Database.QueryAsync("SELECT channel_id, change FROM feed_notices ORDER BY id", r => (r.GetInt64(0), r.GetString(1)));
}

public sealed class SqliteFeedNoticeStoreTests : FeedNoticeStoreTests;

public sealed class PostgresFeedNoticeStoreTests : FeedNoticeStoreTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task Schema_SecondOpenOutageOfAFeed_RefusedByTheNamedIndex()
    {
        const string open = "INSERT INTO feed_outages (feed_id, cause, since, told_at) VALUES ('fr-bis', 'failing', NULL, now())";
        await Database.ExecuteAsync(open);

        var error = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(open));

        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_feed_outages_open"), (error.SqlState, error.ConstraintName));
        await Database.ExecuteAsync("UPDATE feed_outages SET recovered_at = now()");
        await Database.ExecuteAsync(open);
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM feed_outages"));
    }

    [StoreFact]
    public async Task OpenOutageAsync_InstancesOpeningItAtOnce_OneOpensItAndEachChannelIsToldOnce()
    {
        var stores = Instances();

        var opened = await Task.WhenAll(stores.Select(s => Task.Run(() => s.OpenOutageAsync(Bis, Failing(), [Channel], Ct))));

        Assert.Equal(1, opened.Count(o => o));
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM feed_notices"));
    }

    [StoreFact]
    public async Task CloseOutageAsync_InstancesClosingItAtOnce_OneClosesItAndTheRecoveryIsQueuedOnce()
    {
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        var stores = Instances();

        var closed = await Task.WhenAll(stores.Select(s => Task.Run(() => s.CloseOutageAsync(Bis, Recovered(), [Channel], Ct))));

        Assert.Equal([1], closed.Where(c => c is not null).Select(c => c!.Value));
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM feed_notices WHERE change = 'recovered'"));
    }

    private PostgresStore[] Instances() => [.. Enumerable.Range(0, 4).Select(_ => ((PostgresTestStoreDatabase)Database).OpenInstance(Clock))];
}
