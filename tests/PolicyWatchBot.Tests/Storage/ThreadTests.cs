using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// Threads in the store, written by real plans: a reply is claimed with its parent's message, the
/// parent with its stage, a changed stage asks for the parent's edit, a reply posted as a new parent
/// takes the thread over, and joins survive a restart; run against SQLite and PostgreSQL.
/// </summary>
public abstract class ThreadTests : StoreTest<IItemStore>
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis");
    private static readonly FeedItem Inspection = StoreTestData.Item("2024-00190") with { Stage = ItemStage.PublicInspection, CommentsCloseOn = null };
    private static readonly FeedItem Published = StoreTestData.Item("2024-00190");

    private long _channel;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _channel = await StoreTestData.ConsoleChannelAsync(Channels);
        await Channels.AddSubscriptionAsync(_channel, "fr-bis", StoreTestData.Ada, Ct);
    }

    [StoreFact]
    public async Task Reply_ClaimedAfterItsParentIsSent_CarriesTheParentsMessageAndIdAndAsksForTheParentsEdit()
    {
        await PollAsync(Inspection);
        var parent = Assert.Single(await StoreTestData.SendDueAsync(Outbox, Clock.GetUtcNow()));
        await PollAsync(Published);

        var claimed = await Outbox.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        var edit = Assert.Single(claimed, e => e.Ref.Work == OutboxWork.Update);
        Assert.Equal(parent.Post.PostId, edit.Post.PostId);
        Assert.Equal("msg-" + parent.Post.PostId, edit.PlatformMessageId);
        var stage = ((AlertMessage)edit.Post).Stage!;
        Assert.Equal((ItemStage.Published, new DateOnly(2024, 3, 11), new DateOnly(2026, 3, 2)), (stage.Stage, stage.CommentsCloseOn, stage.AsOf));
        var reply = Assert.Single(claimed, e => e.Ref.Work == OutboxWork.Send);
        Assert.Equal(new ThreadParent(parent.Post.PostId, "msg-" + parent.Post.PostId), reply.ReplyTo);
        Assert.Null(((AlertMessage)reply.Post).Stage);
    }

    [StoreFact]
    public async Task Parent_StageChangedBeforeItWasSent_ShowsTheStageWhenSentAndNeedsNoEdit()
    {
        await PollAsync(Inspection);
        await PollAsync(Published);

        var claimed = await Outbox.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.All(claimed, e => Assert.Equal(OutboxWork.Send, e.Ref.Work));
        Assert.Equal(ItemStage.Published, ((AlertMessage)claimed[0].Post).Stage!.Stage);
        Assert.Equal(claimed[0].Post.PostId, claimed[1].ReplyTo!.ParentPostId);
        Assert.Null(claimed[1].ReplyTo!.ParentMessageId);
    }

    [StoreFact]
    public async Task Reply_PostedAsANewParent_LaterRepliesGoUnderIt()
    {
        await PollAsync(Inspection);
        await StoreTestData.SendDueAsync(Outbox, Clock.GetUtcNow());
        await PollAsync(Published);
        var reply = (await Outbox.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct)).Single(e => e.Ref.Work == OutboxWork.Send);
        await Outbox.MarkSentAsync(reply.Ref, "w", "new-parent", startedThread: true, Clock.GetUtcNow(), Ct);

        await PollAsync(StoreTestData.Item("2024-00999") with { CorrectionOf = "2024-00190", Title = "Correction" });
        var next = Assert.Single(await Outbox.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));

        Assert.Equal(new ThreadParent(reply.Post.PostId, "new-parent"), next.ReplyTo);
    }

    [StoreFact]
    public async Task Joins_AfterARestart_StillJoinTheSameThread()
    {
        await PollAsync(Inspection);
        var parent = Assert.Single(await StoreTestData.SendDueAsync(Outbox, Clock.GetUtcNow()));
        await PollAsync(StoreTestData.Item("2024-00999") with { CorrectionOf = "2024-00190", Title = "Correction" });
        await StoreTestData.SendDueAsync(Outbox, Clock.GetUtcNow());

        await PollAsync(Restart(), Bis, Published);
        var claimed = await Outbox.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal(parent.Post.PostId, claimed.Single(e => e.Ref.Work == OutboxWork.Send).ReplyTo!.ParentPostId);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM threads"));
        Assert.Equal(new[] { "started", "correction" }, await JoinsAsync());
    }

    [StoreFact]
    public async Task Citation_StoredWithTheCitingItem_TheDocumentComingLaterJoinsItsThread()
    {
        var news = StoreTestData.Feed("bis-news") with { Kind = FeedKind.Syndication };
        await Channels.AddSubscriptionAsync(_channel, "bis-news", StoreTestData.Ada, Ct);
        var release = StoreTestData.Item("release") with
        {
            Key = new ItemKey("bis:release-1"), Feed = news.Id, Link = new Uri("https://www.bis.gov/press-release/1"),
            Summary = "The rule is at https://www.federalregister.gov/d/2024-00190.",
        };
        await PollAsync(news, release);
        var parent = Assert.Single(await StoreTestData.SendDueAsync(Outbox, Clock.GetUtcNow()));

        await PollAsync(Published);
        var claimed = await Outbox.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal(parent.Post.PostId, claimed.Single(e => e.Ref.Work == OutboxWork.Send).ReplyTo!.ParentPostId);
        Assert.Equal(ItemStage.Published, ((AlertMessage)claimed.Single(e => e.Ref.Work == OutboxWork.Update).Post).Stage!.Stage);
        Assert.Equal("fr:2024-00190", await Database.ScalarAsync<string>("SELECT subject_key FROM threads"));
    }

    private IChannelStore Channels => StoreAs<IChannelStore>();

    private IOutboxStore Outbox => StoreAs<IOutboxStore>();

    /// <summary>A new store over the same database, as after a restart.</summary>
    private protected abstract object Restart();

    private Task PollAsync(params FeedItem[] items) => PollAsync(Database.Store, Bis, items);

    private Task PollAsync(FeedDefinition feed, params FeedItem[] items) => PollAsync(Database.Store, feed, items);

    /// <summary>One poll as the poller runs it: load, diff, history and threads, plan, write.</summary>
    private async Task PollAsync(object store, FeedDefinition feed, params FeedItem[] items)
    {
        var (channels, version) = await ((IChannelStore)store).GetChannelSetupsAsync(Ct);
        var subscribers = ChannelDirectory.Compile(channels, version).SubscribersOf(feed);
        await using var session = await ((IItemStore)store).BeginPollAsync(Ct);
        var state = await session.LoadAsync(feed.Id, [.. items.Select(i => i.Key)], Ct);
        var diff = PollPlanner.Diff(feed, [.. items.Select(i => i with { Feed = feed.Id })], state.Latest);
        var history = await session.LoadAlertHistoryAsync(diff.KeysWithHistory, Ct);
        var threads = await session.LoadThreadsAsync(diff.ThreadKeys, Ct);
        await session.WriteAsync(PollPlanner.Plan(diff, subscribers, state, history, threads), Ct);
    }

    /// <summary>How the thread's items joined, in the order they did.</summary>
    private async Task<string[]> JoinsAsync() => (await Database.ScalarAsync<string>(Sql(
        "SELECT group_concat(joined_by, ',') FROM (SELECT joined_by FROM thread_items ORDER BY rowid)",
        "SELECT string_agg(joined_by, ',' ORDER BY joined_at, ctid) FROM thread_items"))).Split(',');

    private string Sql(string sqlite, string postgres) => OnPostgres ? postgres : sqlite;
}

public sealed class SqliteThreadTests : ThreadTests
{
    private protected override object Restart() =>
        new PolicyWatchBot.Storage.Sqlite.SqliteStore(
            new PolicyWatchBot.Storage.Sqlite.SqliteConnectionFactory(((SqliteTestStoreDatabase)Database).ConnectionString, Path.GetTempPath()), Clock);
}

public sealed class PostgresThreadTests : ThreadTests, IPostgresStoreTest
{
    private protected override object Restart() => ((PostgresTestStoreDatabase)Database).OpenInstance(Clock);
}
