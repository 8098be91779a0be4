using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>
/// What one poll does, as a specification: given the parsed items, what the store holds and the
/// channels, which revisions are written, which items are carried, which alerts go to whom (with
/// their ids and messages), and which are grouped.
/// </summary>
public sealed class PollPlannerTests
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis", "export-controls");
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_NewItemMatchingARule_WritesRevisionOneCarriesItAndAlertsOnce()
    {
        var item = Item("2024-00001", "Additions to the Entity List");

        var plan = Plan([item], [Channel(1, rules: [("entity-list", "\"entity list\"")])]);

        var revision = Assert.Single(plan.Revisions);
        Assert.Equal((item.Key, 1, RevisionKind.New), (revision.Item.Key, revision.Revision, revision.Kind));
        Assert.Equal(new[] { item.Key }, plan.NewlyCarried);
        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((1L, item.Key, 1, false), (alert.ChannelId, alert.Item, alert.Revision, alert.Held));
        Assert.Equal(RevisionKind.New, alert.Message.Kind);
        Assert.Equal("entity-list", Assert.Single(alert.Message.MatchedRules).Name);
        Assert.Equal((1, 0), (plan.NewItems, plan.ChangedItems));
    }

    [Fact]
    public void Plan_NewAlerts_TakeTheirIdsFromTheNextNumberInItemThenChannelOrder()
    {
        var items = new[] { Item("2024-00001", "First"), Item("2024-00002", "Second") };

        var plan = Plan(items, [Channel(1), Channel(2)], new PollState { NextAlertSequence = 41 });

        Assert.Equal(
            new[] { (1L, "fr:2024-00001", 41L), (2L, "fr:2024-00001", 42L), (1L, "fr:2024-00002", 43L), (2L, "fr:2024-00002", 44L) },
            plan.Alerts.Select(a => (a.ChannelId, a.Item.Value, a.Sequence)));
        Assert.All(plan.Alerts, a => Assert.Equal(AlertId.FromSequence(a.Sequence), a.Message.AlertId));
    }

    [Fact]
    public void Plan_RuleMisses_WritesTheRevisionButNoAlert()
    {
        var plan = Plan([Item("2024-00001", "Fishing quotas")], [Channel(1, rules: [("chips", "semiconductor")])]);

        Assert.Single(plan.Revisions);
        Assert.Empty(plan.Alerts);
    }

    [Fact]
    public void Plan_ChannelWithNoRules_GetsEveryItemWithNoRuleNamed()
    {
        var plan = Plan([Item("2024-00001", "Fishing quotas"), Item("2024-00002", "Entity List")], [Channel(1)]);

        Assert.Equal(2, plan.Alerts.Count);
        Assert.All(plan.Alerts, a => Assert.Empty(a.Message.MatchedRules));
    }

    [Fact]
    public void Plan_ChannelWhoseStoredRulesTheParserRefuses_GetsNothingButOtherRulesStillMatch()
    {
        var item = Item("2024-00001", "Semiconductor export controls");

        var plan = Plan([item], [Channel(1, rules: [("broken", "(unclosed")]), Channel(2, rules: [("broken", "(unclosed"), ("chips", "semiconductor")])]);

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal(2, alert.ChannelId);
        Assert.Equal("chips", Assert.Single(alert.Message.MatchedRules).Name);
    }

    [Fact]
    public void Plan_ChannelsSubscribedByIdTagOrAllOrNot_OnlySubscribersAreAlerted()
    {
        var channels = new[]
        {
            Channel(1, subscriptions: ["fr-bis"]), Channel(2, subscriptions: ["#export-controls"]), Channel(3, subscriptions: ["all"]),
            Channel(4, subscriptions: ["fr-ofac", "#sanctions"]), Channel(5, subscriptions: ["fr-bis", "all"]),
        };

        var plan = Plan([Item("2024-00001", "Anything")], channels);

        Assert.Equal(new[] { 1L, 2L, 3L, 5L }, plan.Alerts.Select(a => a.ChannelId));
    }

    [Fact]
    public void Plan_StoredAndUnchanged_PlansNothing()
    {
        var item = Item("2024-00001", "Entity List");

        var plan = Plan([item], [Channel(1)], Stored(item, 1, carried: true));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_TitleChanged_WritesRevisionTwoAndAlertsPointingBackToTheFirstAlert()
    {
        var stored = Item("2024-00001", "Entity List additions");
        var changed = stored with { Title = "Entity List additions and revisions" };

        var plan = Plan([changed], [Channel(1)], Stored(stored, 1, carried: true), History((1, stored.Key, "PW-FIRST", 1)));

        var revision = Assert.Single(plan.Revisions);
        Assert.Equal((2, RevisionKind.Changed), (revision.Revision, revision.Kind));
        Assert.Equal("title", Assert.Single(revision.Changes).Field);
        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((2, RevisionKind.Changed, "PW-FIRST"), (alert.Revision, alert.Message.Kind, alert.Message.FirstAlertId));
        Assert.Equal("title", Assert.Single(alert.Message.Changes).Field);
        Assert.Empty(plan.NewlyCarried);
        Assert.Equal((0, 1), (plan.NewItems, plan.ChangedItems));
    }

    [Fact]
    public void Plan_PublicInspectionThenPublished_APublishedRevisionWithTheStageChange()
    {
        var inspected = Item("2024-00001", "Entity List") with { Stage = ItemStage.PublicInspection, PublishedOn = null };
        var published = Item("2024-00001", "Entity List");

        var plan = Plan([published], [Channel(1)], Stored(inspected, 1, carried: true), History((1, inspected.Key, "PW-FIRST", 1)));

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((2, RevisionKind.Published, "PW-FIRST"), (alert.Revision, alert.Message.Kind, alert.Message.FirstAlertId));
        Assert.Equal(("stage", "public inspection", "published"), (alert.Message.Changes[0].Field, alert.Message.Changes[0].Old, alert.Message.Changes[0].New));
    }

    [Fact]
    public void Plan_PublishedItemStillListedOnPublicInspection_PlansNothing()
    {
        var published = Item("2024-00001", "Entity List");

        var plan = Plan([published with { Stage = ItemStage.PublicInspection }], [Channel(1)], Stored(published, 2, carried: true));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_Correction_CountsAsANewDocument()
    {
        var plan = Plan([Item("2024-00009", "Entity List; correction") with { CorrectionOf = "2024-00001" }], [Channel(1)]);

        Assert.Equal((RevisionKind.Corrected, 1, 0), (Assert.Single(plan.Alerts).Message.Kind, plan.NewItems, plan.ChangedItems));
    }

    [Fact]
    public void Plan_KnownItemCarriedByASecondFeed_CarriedAndItsNewSubscribersAlertedOnce()
    {
        var stored = Item("2024-00001", "Entity List", feed: "fr-ofac");
        var ofacToo = Channel(1, subscriptions: ["fr-bis", "fr-ofac"]);
        var bisOnly = Channel(2);

        var plan = Plan([stored with { Feed = Bis.Id }], [ofacToo, bisOnly], Stored(stored, 1, carried: false), History((1, stored.Key, "PW-OFAC", 1)));

        Assert.Empty(plan.Revisions);
        Assert.Equal(new[] { stored.Key }, plan.NewlyCarried);
        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((2L, 1, RevisionKind.New, "fr-bis"), (alert.ChannelId, alert.Revision, alert.Message.Kind, alert.Message.FeedId));
    }

    [Fact]
    public void Plan_KnownItemCarriedByASecondFeedAtALaterRevision_AlertsAboutThatRevisionWithTheBackLink()
    {
        var stored = Item("2024-00001", "Entity List", feed: "fr-ofac");

        var plan = Plan([stored with { Feed = Bis.Id }], [Channel(1)], Stored(stored, 3, carried: false), History((1, stored.Key, "PW-OLD", 2)));

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((3, "PW-OLD"), (alert.Revision, alert.Message.FirstAlertId));
    }

    [Fact]
    public void Plan_FeedMuted_AlertIsHeldNotDropped()
    {
        var state = new PollState { Mutes = new Dictionary<long, IReadOnlyList<Mute>> { [1] = [Mute(MuteTarget.Feed("fr-bis"))] } };

        var plan = Plan([Item("2024-00001", "Entity List")], [Channel(1), Channel(2)], state);

        Assert.Equal(new[] { (1L, true), (2L, false) }, plan.Alerts.Select(a => (a.ChannelId, a.Held)));
    }

    [Fact]
    public void Plan_OneOfTwoMatchingRulesMuted_NotHeld_BothMuted_Held()
    {
        var channel = Channel(1, rules: [("chips", "semiconductor"), ("controls", "export")]);
        var item = Item("2024-00001", "Semiconductor export controls");
        var one = new PollState { Mutes = new Dictionary<long, IReadOnlyList<Mute>> { [1] = [Mute(MuteTarget.Rule("chips"))] } };
        var both = new PollState { Mutes = new Dictionary<long, IReadOnlyList<Mute>> { [1] = [Mute(MuteTarget.Rule("chips")), Mute(MuteTarget.Rule("controls"))] } };

        Assert.False(Assert.Single(Plan([item], [channel], one).Alerts).Held);
        Assert.True(Assert.Single(Plan([item], [channel], both).Alerts).Held);
    }

    [Fact]
    public void Plan_MoreThanTheFloodThresholdForOneChannel_OneGroupedMessageOfThem()
    {
        var items = Enumerable.Range(1, AlertDigest.FloodThreshold + 1).Select(i => Item($"2024-{i:00000}", $"Document {i}")).ToArray();

        var plan = Plan(items, [Channel(1), Channel(2, rules: [("first", "title:\"document 1\"")])], new PollState { NextDigestSequence = 7 });

        var digest = Assert.Single(plan.Digests);
        Assert.Equal((1L, 7L, AlertId.ForDigest(7), DigestReason.Flood), (digest.ChannelId, digest.Sequence, digest.Digest.DigestId, digest.Digest.Reason));
        Assert.Equal(plan.Alerts.Where(a => a.ChannelId == 1).Select(a => a.Message.AlertId), digest.Digest.Entries.Select(e => e.AlertId));
    }

    [Fact]
    public void Plan_AtTheFloodThreshold_NoGroupedMessage()
    {
        var items = Enumerable.Range(1, AlertDigest.FloodThreshold).Select(i => Item($"2024-{i:00000}", $"Document {i}")).ToArray();

        Assert.Empty(Plan(items, [Channel(1)]).Digests);
    }

    [Fact]
    public void Plan_FloodWhereMutesHoldSome_OnlyTheAlertsToDeliverCountAndAreGrouped()
    {
        var items = Enumerable.Range(1, AlertDigest.FloodThreshold + 2).Select(i => Item($"2024-{i:00000}", i <= 2 ? $"Muted document {i}" : $"Document {i}")).ToArray();
        var channel = Channel(1, rules: [("muted", "title:muted"), ("all", "document")]);
        var state = new PollState { Mutes = new Dictionary<long, IReadOnlyList<Mute>> { [1] = [Mute(MuteTarget.Rule("all"))] } };

        var plan = Plan(items, [channel], state);

        Assert.Equal(AlertDigest.FloodThreshold, plan.Alerts.Count(a => a.Held));
        Assert.Empty(plan.Digests);
    }

    [Fact]
    public void Plan_ThousandChannelsWhoseRulesMiss_TokenizesEachItemOnceAndEvaluatesNoRule()
    {
        var items = new[] { Item("2024-00001", "Entity List"), Item("2024-00002", "Fishing quotas") };
        var channels = Enumerable.Range(1, 1000).Select(i => Channel(i, rules: [($"r{i}", $"zebra{i} OR \"okapi{i} tapir\"")])).ToArray();

        var plan = Plan(items, channels);

        Assert.Empty(plan.Alerts);
        Assert.Equal(new PlanStatistics(1000, 2, 0), plan.Statistics);
    }

    [Fact]
    public void Plan_ManyChannelsSharingARule_EvaluatesItOncePerItem()
    {
        var channels = Enumerable.Range(1, 500).Select(i => Channel(i, rules: [("chips", "semiconductor AND export")])).ToArray();

        var plan = Plan([Item("2024-00001", "Semiconductor export controls")], channels);

        Assert.Equal(500, plan.Alerts.Count);
        Assert.Equal(1, plan.Statistics.RuleEvaluations);
    }

    [Fact]
    public void Plan_NoSubscribers_WritesRevisionsWithoutTokenizing()
    {
        var plan = Plan([Item("2024-00001", "Entity List")], [Channel(1, subscriptions: ["fr-ofac"])]);

        Assert.Single(plan.Revisions);
        Assert.Equal(new PlanStatistics(0, 0, 0), plan.Statistics);
    }

    [Fact]
    public void Plan_AnItemThatCannotBePlanned_FailsAloneAndIsNotWritten()
    {
        var broken = Item("2024-00001", "Broken") with { CfrReferences = null! };
        var good = Item("2024-00002", "Entity List");

        var plan = Plan([broken, good], [Channel(1)]);

        var failure = Assert.Single(plan.Failures);
        Assert.Equal(broken.Key, failure.Item);
        Assert.Equal(new[] { good.Key }, plan.Revisions.Select(r => r.Item.Key));
        Assert.Equal(new[] { good.Key }, plan.NewlyCarried);
        Assert.Equal((good.Key, AlertId.FromSequence(1)), (Assert.Single(plan.Alerts).Item, plan.Alerts[0].Message.AlertId));
    }

    [Fact]
    public void Diff_ItemListedTwice_TheFirstListingCounts()
    {
        var first = Item("2024-00001", "First listing");

        var diff = PollPlanner.Diff(Bis, [first, first with { Title = "Second listing" }], new Dictionary<ItemKey, StoredItem>());

        Assert.Equal("First listing", Assert.Single(diff.Changes).Item.Title);
    }

    [Fact]
    public void Diff_OnlyKnownItems_NeedTheirAlertHistory()
    {
        var known = Item("2024-00001", "Known");
        var fresh = Item("2024-00002", "Fresh");

        var diff = PollPlanner.Diff(Bis, [known with { Title = "Known, edited" }, fresh], Stored(known, 1, carried: true).Latest);

        Assert.Equal(new[] { known.Key }, diff.KeysWithHistory);
    }

    [Fact]
    public void Plan_AlertWindow_NewItemsDatedBeforeItAreStoredAndCarriedWithoutAlerts()
    {
        var old = Item("2024-00001", "Old") with { PublishedOn = new DateOnly(2026, 2, 27) };
        var recent = Item("2024-00002", "Recent") with { PublishedOn = new DateOnly(2026, 3, 1) };
        var undated = Item("2024-00003", "Undated") with { PublishedOn = null };
        var updated = Item("2024-00004", "Old but updated yesterday") with { PublishedOn = new DateOnly(2025, 1, 1), UpdatedAt = Now.AddDays(-1) };

        var plan = Plan([old, recent, undated, updated], [Channel(1)], alertSince: Now.AddDays(-2));

        Assert.Equal(4, plan.Revisions.Count);
        Assert.Equal(4, plan.NewlyCarried.Count);
        Assert.Equal([recent.Key, undated.Key, updated.Key], plan.Alerts.Select(a => a.Item));
        Assert.Equal(1, plan.BeforeAlertWindow);
    }

    [Fact]
    public void Plan_AlertWindow_ARevisionOfAStoredOldItemStillAlerts()
    {
        var old = Item("2024-00001", "Old") with { PublishedOn = new DateOnly(2025, 1, 1) };

        var plan = Plan([old with { Title = "Old, retitled" }], [Channel(1)], Stored(old, 1, carried: true), alertSince: Now.AddDays(-2));

        Assert.Equal(RevisionKind.Changed, Assert.Single(plan.Alerts).Message.Kind);
        Assert.Equal(0, plan.BeforeAlertWindow);
    }

    [Fact]
    public void Plan_AlertWindow_AFeedNewlyCarryingAStoredOldItemDoesNotAlertIt()
    {
        var old = Item("2024-00001", "Old", feed: "fr-ofac") with { PublishedOn = new DateOnly(2025, 1, 1) };

        var plan = Plan([old with { Feed = Bis.Id }], [Channel(1)], Stored(old, 1, carried: false), alertSince: Now.AddDays(-2));

        Assert.Equal([old.Key], plan.NewlyCarried);
        Assert.Empty(plan.Alerts);
    }

    private static PollPlan Plan(IReadOnlyList<FeedItem> items, IReadOnlyList<ChannelSetup> channels, PollState? state = null, AlertHistory? history = null, DateTimeOffset? alertSince = null)
    {
        state ??= new PollState();
        var directory = ChannelDirectory.Compile(channels, version: 1);
        var diff = PollPlanner.Diff(Bis, items, state.Latest, alertSince);
        return PollPlanner.Plan(diff, directory.SubscribersOf(Bis), state, history ?? AlertHistory.Empty);
    }

    private static ChannelSetup Channel(long id, string[]? subscriptions = null, (string Name, string Expression)[]? rules = null) =>
        new(id, ChannelKey.Console("c" + id), subscriptions ?? ["fr-bis"], [.. (rules ?? []).Select(r => new RuleDefinition(r.Name, r.Expression))]);

    private static PollState Stored(FeedItem item, int revision, bool carried) =>
        new() { Latest = new Dictionary<ItemKey, StoredItem> { [item.Key] = new StoredItem(item, revision, carried) } };

    private static AlertHistory History(params (long Channel, ItemKey Item, string FirstAlertId, int LatestRevision)[] alerts) =>
        new(alerts.Select(a => new ChannelItemAlerts(a.Channel, a.Item, a.FirstAlertId, a.LatestRevision)));

    private static Mute Mute(MuteTarget target) => new(1, target, Now.AddDays(1), Now, new Actor("U1", "Ada"));

    private static FeedItem Item(string documentNumber, string title, string feed = "fr-bis") => new()
    {
        Key = ItemKey.FederalRegister(documentNumber),
        NativeId = documentNumber,
        Feed = new FeedId(feed),
        Title = title,
        Summary = "A document of the Bureau of Industry and Security.",
        DocumentType = "Rule",
        Agencies = ["Industry and Security Bureau"],
        Jurisdiction = "us",
        PublishedOn = new DateOnly(2024, 1, 10),
        Stage = ItemStage.Published,
    };
}
