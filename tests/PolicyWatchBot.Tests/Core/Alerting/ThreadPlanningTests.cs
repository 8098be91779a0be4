using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>
/// One thread per action in a channel, as the planner decides it: which alert starts a thread, which
/// replies, which items join (corrections, citations in either order), and when the parent's stage changes.
/// </summary>
public sealed class ThreadPlanningTests
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis", "export-controls");
    private static readonly FeedDefinition News = StoreTestData.Feed("bis-news") with { Kind = FeedKind.Syndication, Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1), TimeZone = "Europe/London" } };

    [Fact]
    public void Plan_FirstAlertOfAnItem_StartsAThreadItIsTheParentOf()
    {
        var plan = Plan(Bis, [Document("2024-00190")], [Channel(1)], new PollState { NextAlertSequence = 7, NextThreadSequence = 3 });

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal(new ThreadPlacement(3, StartsThread: true, ThreadJoin.Started), alert.Thread);
        Assert.Equal(new PlannedThread(3, 1, 7, ItemKey.FederalRegister("2024-00190")), Assert.Single(plan.Threads));
        Assert.Equal(new PlannedThreadItem(3, 1, ItemKey.FederalRegister("2024-00190"), ThreadJoin.Started), Assert.Single(plan.ThreadItems));
        Assert.Empty(plan.ThreadUpdates);
    }

    [Fact]
    public void Plan_PublicationOfAnItemOnPublicInspection_RepliesInItsThreadAndSetsTheStage()
    {
        var inspection = Document("2024-00190") with { Stage = ItemStage.PublicInspection, CommentsCloseOn = null };
        var published = Document("2024-00190") with { CommentsCloseOn = new DateOnly(2024, 3, 11) };
        var book = Book((1, "fr:2024-00190", Thread(5, 1, "PW-AAAA", "fr:2024-00190")));

        var plan = Plan(Bis, [published], [Channel(1)], Stored(inspection), History((1, "fr:2024-00190", "PW-AAAA", 1)), book);

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal(RevisionKind.Published, alert.Message.Kind);
        Assert.Equal(new ThreadPlacement(5, StartsThread: false, ThreadJoin.Started), alert.Thread);
        Assert.Empty(plan.Threads);
        Assert.Empty(plan.ThreadItems);
        var update = Assert.Single(plan.ThreadUpdates);
        Assert.Equal((5L, ItemStage.Published, new DateOnly(2024, 3, 11), "America/New_York"), (update.ThreadId, update.Stage!.Stage, update.Stage.CommentsCloseOn, update.Stage.Zone));
    }

    [Fact]
    public void Plan_CorrectionOfAThreadedDocument_JoinsItsThreadAndLeavesTheStage()
    {
        var correction = Document("2024-00999") with { CorrectionOf = "2024-00190", Title = "Export Administration Regulations; Correction" };
        var book = Book((1, "fr:2024-00190", Thread(5, 1, "PW-AAAA", "fr:2024-00190")));

        var plan = Plan(Bis, [correction], [Channel(1)], threads: book);

        Assert.Equal(new ThreadPlacement(5, StartsThread: false, ThreadJoin.Correction), Assert.Single(plan.Alerts).Thread);
        Assert.Equal(new PlannedThreadItem(5, 1, correction.Key, ThreadJoin.Correction), Assert.Single(plan.ThreadItems));
        Assert.Empty(plan.ThreadUpdates);
        Assert.Empty(plan.Threads);
    }

    [Fact]
    public void Plan_OriginalAndCorrectionInOnePoll_TheCorrectionRepliesInTheThreadTheOriginalStarts()
    {
        var original = Document("2024-00190");
        var correction = Document("2024-00999") with { CorrectionOf = "2024-00190" };

        var plan = Plan(Bis, [original, correction], [Channel(1), Channel(2)], new PollState { NextAlertSequence = 1, NextThreadSequence = 1 });

        Assert.Equal(
            new[] { (1L, true, 1L), (2L, true, 2L), (1L, false, 1L), (2L, false, 2L) },
            plan.Alerts.Select(a => (a.ChannelId, a.Thread!.StartsThread, a.Thread.ThreadId)));
        Assert.Equal(2, plan.Threads.Count);
    }

    [Fact]
    public void Plan_PressReleaseCitingAThreadedDocument_JoinsThatDocumentsThread()
    {
        var release = Release("Commerce adds entities", "Read the rule at https://www.federalregister.gov/d/2024-00190 today.");
        var book = Book((1, "fr:2024-00190", Thread(5, 1, "PW-AAAA", "fr:2024-00190")));

        var plan = Plan(News, [release], [Channel(1, ["bis-news"])], threads: book);

        Assert.Equal(new ThreadPlacement(5, StartsThread: false, ThreadJoin.Cites), Assert.Single(plan.Alerts).Thread);
        var citation = Assert.Single(plan.Citations);
        Assert.Equal(release.Key, citation.Item);
        Assert.Equal([ItemKey.FederalRegister("2024-00190")], citation.Cited);
    }

    [Fact]
    public void Plan_DocumentCitedByAnEarlierPressRelease_JoinsItsThreadAndBecomesWhatTheThreadFollows()
    {
        var book = new ThreadBook([], [(ItemKey.FederalRegister("2024-00190"), Thread(8, 1, "PW-BBBB", "bis:release-1"))]);

        var plan = Plan(Bis, [Document("2024-00190")], [Channel(1)], threads: book);

        Assert.Equal(new ThreadPlacement(8, StartsThread: false, ThreadJoin.CitedBy), Assert.Single(plan.Alerts).Thread);
        var update = Assert.Single(plan.ThreadUpdates);
        Assert.Equal((8L, ItemKey.FederalRegister("2024-00190"), ItemStage.Published), (update.ThreadId, update.Subject, update.Stage!.Stage));
    }

    [Fact]
    public void Plan_PressReleaseCitingAThreadedDocumentAsNnFrNnnnn_JoinsThatDocumentsThread()
    {
        var release = Release("Commerce adds entities", "The final rule (89 FR 2978) takes effect today.");
        var book = Book((1, "fr-cite:89-2978", Thread(5, 1, "PW-AAAA", "fr:2024-00797")));

        var plan = Plan(News, [release], [Channel(1, ["bis-news"])], threads: book);

        Assert.Equal(new ThreadPlacement(5, StartsThread: false, ThreadJoin.Cites), Assert.Single(plan.Alerts).Thread);
        Assert.Equal([new ItemKey("fr-cite:89-2978")], Assert.Single(plan.Citations).Cited);
    }

    [Fact]
    public void Plan_DocumentWhoseCitationAnEarlierPressReleaseGave_JoinsItsThread()
    {
        var book = new ThreadBook([], [(new ItemKey("fr-cite:89-2978"), Thread(8, 1, "PW-BBBB", "bis:release-1"))]);

        var plan = Plan(Bis, [Document("2024-00797") with { Citation = "89 FR 2978" }], [Channel(1)], threads: book);

        Assert.Equal(new ThreadPlacement(8, StartsThread: false, ThreadJoin.CitedBy), Assert.Single(plan.Alerts).Thread);
    }

    [Fact]
    public void Plan_DocumentWithACitationStartingAThread_IsInItUnderItsCitationToo()
    {
        var plan = Plan(Bis, [Document("2024-00797") with { Citation = "89 FR 2978" }], [Channel(1)]);

        Assert.Equal(["fr:2024-00797", "fr-cite:89-2978"], plan.ThreadItems.Select(i => i.Item.Value));
        Assert.Single(plan.Threads);
    }

    [Fact]
    public void Plan_ThreadOfAnotherChannel_IsNotJoined()
    {
        var book = Book((2, "fr:2024-00190", Thread(5, 2, "PW-AAAA", "fr:2024-00190")));
        var correction = Document("2024-00999") with { CorrectionOf = "2024-00190" };

        var plan = Plan(Bis, [correction], [Channel(1)], new PollState { NextThreadSequence = 9 }, threads: book);

        Assert.Equal(new ThreadPlacement(9, StartsThread: true, ThreadJoin.Started), Assert.Single(plan.Alerts).Thread);
    }

    [Fact]
    public void Plan_HeldAlert_StartsNoThread()
    {
        var state = new PollState { Mutes = new Dictionary<long, IReadOnlyList<Mute>> { [1] = [new Mute(1, MuteTarget.Channel, DateTimeOffset.MaxValue, DateTimeOffset.MinValue, new Actor("U1", "Ada"))] } };

        var plan = Plan(Bis, [Document("2024-00190")], [Channel(1)], state);

        Assert.True(Assert.Single(plan.Alerts).Held);
        Assert.Null(plan.Alerts[0].Thread);
        Assert.Empty(plan.Threads);
    }

    [Fact]
    public void Plan_FloodGroupedIntoOneMessage_StartsNoThreads()
    {
        var items = Enumerable.Range(1, AlertDigest.FloodThreshold + 1).Select(i => Document($"2024-{i:00000}")).ToArray();

        var plan = Plan(Bis, items, [Channel(1)]);

        Assert.Single(plan.Digests);
        Assert.All(plan.Alerts, a => Assert.Null(a.Thread));
        Assert.Empty(plan.Threads);
    }

    [Fact]
    public void Plan_RevisionWithTheStageItAlreadyShows_EditsNothing()
    {
        var stored = Document("2024-00190");
        var changed = stored with { Title = "Export Administration Regulations, retitled" };
        var book = Book((1, "fr:2024-00190", Thread(5, 1, "PW-AAAA", "fr:2024-00190", ThreadStage.Of(stored, "America/New_York"))));

        var plan = Plan(Bis, [changed], [Channel(1)], Stored(stored), History((1, "fr:2024-00190", "PW-AAAA", 1)), book);

        Assert.Equal(RevisionKind.Changed, Assert.Single(plan.Alerts).Message.Kind);
        Assert.Empty(plan.ThreadUpdates);
    }

    [Fact]
    public void ThreadKeys_ThePolledItemsTheDocumentsTheyCorrectAndTheDocumentsTheyCite()
    {
        var correction = Document("2024-00999") with { CorrectionOf = "2024-00190" };
        var release = Release("Rule out", "See federalregister.gov/d/2024-00555.");

        var diff = PollPlanner.Diff(Bis, [correction, release], new Dictionary<ItemKey, StoredItem>());

        Assert.Equal(new[] { "fr:2024-00999", "fr:2024-00190", "bis:rule-out", "fr:2024-00555" }, diff.ThreadKeys.Select(k => k.Value));
    }

    private static PollPlan Plan(FeedDefinition feed, IReadOnlyList<FeedItem> items, IReadOnlyList<ChannelSetup> channels, PollState? state = null, AlertHistory? history = null, ThreadBook? threads = null)
    {
        state ??= new PollState();
        var directory = ChannelDirectory.Compile(channels, version: 1);
        var diff = PollPlanner.Diff(feed, items, state.Latest);
        return PollPlanner.Plan(diff, directory.SubscribersOf(feed), state, history ?? AlertHistory.Empty, threads ?? ThreadBook.Empty);
    }

    private static ChannelSetup Channel(long id, string[]? subscriptions = null) =>
        new(id, ChannelKey.Console("c" + id), subscriptions ?? ["fr-bis"], Array.Empty<RuleDefinition>());

    private static ItemThread Thread(long id, long channel, string parent, string subject, ThreadStage? stage = null) =>
        new(id, channel, parent, new ItemKey(subject), stage);

    private static ThreadBook Book(params (long Channel, string Item, ItemThread Thread)[] members) =>
        new(members.Select(m => (new ItemKey(m.Item), m.Thread)), []);

    private static PollState Stored(FeedItem item) =>
        new() { Latest = new Dictionary<ItemKey, StoredItem> { [item.Key] = new StoredItem(item, 1, true) } };

    private static AlertHistory History(params (long Channel, string Item, string FirstAlertId, int LatestRevision)[] alerts) =>
        new(alerts.Select(a => new ChannelItemAlerts(a.Channel, new ItemKey(a.Item), a.FirstAlertId, a.LatestRevision)));

    private static FeedItem Document(string number) => new()
    {
        Key = ItemKey.FederalRegister(number),
        NativeId = number,
        Feed = new FeedId("fr-bis"),
        Title = "Revisions to the Export Administration Regulations",
        Link = new Uri($"https://www.federalregister.gov/d/{number}"),
        DocumentType = "Rule",
        Jurisdiction = "us",
        PublishedOn = new DateOnly(2024, 1, 10),
        Stage = ItemStage.Published,
    };

    private static FeedItem Release(string title, string summary) => new()
    {
        Key = new ItemKey("bis:" + title.ToLowerInvariant().Replace(' ', '-')),
        NativeId = title,
        Feed = new FeedId("bis-news"),
        Title = title,
        Summary = summary,
        DocumentType = "Press release",
        Jurisdiction = "us",
        Stage = ItemStage.Published,
    };
}
