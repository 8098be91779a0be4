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
/// takes the thread over, and joins survive a restart.
/// </summary>
public sealed class SqliteThreadTests : SqliteStoreTest
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis");
    private static readonly FeedItem Inspection = StoreTestData.Item("2024-00190") with { Stage = ItemStage.PublicInspection, CommentsCloseOn = null };
    private static readonly FeedItem Published = StoreTestData.Item("2024-00190");

    private long _channel;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _channel = await StoreTestData.ConsoleChannelAsync(Store);
        await Store.AddSubscriptionAsync(_channel, "fr-bis", StoreTestData.Ada, Ct);
    }

    [Fact]
    public async Task Reply_ClaimedAfterItsParentIsSent_CarriesTheParentsMessageAndIdAndAsksForTheParentsEdit()
    {
        await PollAsync(Inspection);
        var parent = Assert.Single(await StoreTestData.SendDueAsync(Store, Clock.GetUtcNow()));
        await PollAsync(Published);

        var claimed = await Store.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        var edit = Assert.Single(claimed, e => e.Ref.Work == OutboxWork.Update);
        Assert.Equal(parent.Post.PostId, edit.Post.PostId);
        Assert.Equal("msg-" + parent.Post.PostId, edit.PlatformMessageId);
        var stage = ((AlertMessage)edit.Post).Stage!;
        Assert.Equal((ItemStage.Published, new DateOnly(2024, 3, 11), new DateOnly(2026, 3, 2)), (stage.Stage, stage.CommentsCloseOn, stage.AsOf));
        var reply = Assert.Single(claimed, e => e.Ref.Work == OutboxWork.Send);
        Assert.Equal(new ThreadParent(parent.Post.PostId, "msg-" + parent.Post.PostId), reply.ReplyTo);
        Assert.Null(((AlertMessage)reply.Post).Stage);
    }

    [Fact]
    public async Task Parent_StageChangedBeforeItWasSent_ShowsTheStageWhenSentAndNeedsNoEdit()
    {
        await PollAsync(Inspection);
        await PollAsync(Published);

        var claimed = await Store.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.All(claimed, e => Assert.Equal(OutboxWork.Send, e.Ref.Work));
        Assert.Equal(ItemStage.Published, ((AlertMessage)claimed[0].Post).Stage!.Stage);
        Assert.Equal(claimed[0].Post.PostId, claimed[1].ReplyTo!.ParentPostId);
        Assert.Null(claimed[1].ReplyTo!.ParentMessageId);
    }

    [Fact]
    public async Task Reply_PostedAsANewParent_LaterRepliesGoUnderIt()
    {
        await PollAsync(Inspection);
        await StoreTestData.SendDueAsync(Store, Clock.GetUtcNow());
        await PollAsync(Published);
        var reply = (await Store.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct)).Single(e => e.Ref.Work == OutboxWork.Send);
        await Store.MarkSentAsync(reply.Ref, "w", "new-parent", startedThread: true, Clock.GetUtcNow(), Ct);

        await PollAsync(StoreTestData.Item("2024-00999") with { CorrectionOf = "2024-00190", Title = "Correction" });
        var next = Assert.Single(await Store.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));

        Assert.Equal(new ThreadParent(reply.Post.PostId, "new-parent"), next.ReplyTo);
    }

    [Fact]
    public async Task Joins_AfterARestart_StillJoinTheSameThread()
    {
        await PollAsync(Inspection);
        var parent = Assert.Single(await StoreTestData.SendDueAsync(Store, Clock.GetUtcNow()));
        await PollAsync(StoreTestData.Item("2024-00999") with { CorrectionOf = "2024-00190", Title = "Correction" });
        await StoreTestData.SendDueAsync(Store, Clock.GetUtcNow());

        Store = Database.CreateStore(Clock);
        await PollAsync(Published);
        var claimed = await Store.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal(parent.Post.PostId, claimed.Single(e => e.Ref.Work == OutboxWork.Send).ReplyTo!.ParentPostId);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM threads"));
        Assert.Equal(new[] { "started", "correction" }, await JoinsAsync());
    }

    [Fact]
    public async Task Citation_StoredWithTheCitingItem_TheDocumentComingLaterJoinsItsThread()
    {
        var news = StoreTestData.Feed("bis-news") with { Kind = FeedKind.Syndication };
        await Store.AddSubscriptionAsync(_channel, "bis-news", StoreTestData.Ada, Ct);
        var release = StoreTestData.Item("release") with
        {
            Key = new ItemKey("bis:release-1"), Feed = news.Id, Link = new Uri("https://www.bis.gov/press-release/1"),
            Summary = "The rule is at https://www.federalregister.gov/d/2024-00190.",
        };
        await PollAsync(news, release);
        var parent = Assert.Single(await StoreTestData.SendDueAsync(Store, Clock.GetUtcNow()));

        await PollAsync(Published);
        var claimed = await Store.ClaimDueAsync("w", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal(parent.Post.PostId, claimed.Single(e => e.Ref.Work == OutboxWork.Send).ReplyTo!.ParentPostId);
        Assert.Equal(ItemStage.Published, ((AlertMessage)claimed.Single(e => e.Ref.Work == OutboxWork.Update).Post).Stage!.Stage);
        Assert.Equal("fr:2024-00190", await ScalarAsync<string>("SELECT subject_key FROM threads"));
    }

    private Task PollAsync(params FeedItem[] items) => PollAsync(Bis, items);

    /// <summary>One poll as the poller runs it: load, diff, history and threads, plan, write.</summary>
    private async Task PollAsync(FeedDefinition feed, params FeedItem[] items)
    {
        var (channels, version) = await Store.GetChannelSetupsAsync(Ct);
        var subscribers = ChannelDirectory.Compile(channels, version).SubscribersOf(feed);
        await using var session = await Store.BeginPollAsync(Ct);
        var state = await session.LoadAsync(feed.Id, [.. items.Select(i => i.Key)], Ct);
        var diff = PollPlanner.Diff(feed, [.. items.Select(i => i with { Feed = feed.Id })], state.Latest);
        var history = await session.LoadAlertHistoryAsync(diff.KeysWithHistory, Ct);
        var threads = await session.LoadThreadsAsync(diff.ThreadKeys, Ct);
        await session.WriteAsync(PollPlanner.Plan(diff, subscribers, state, history, threads), Ct);
    }

    private async Task<string[]> JoinsAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT joined_by FROM thread_items ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var joins = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            joins.Add(reader.GetString(0));
        }

        return [.. joins];
    }
}
