using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The write side of a poll: what a session reads, and a plan written in one transaction.</summary>
public sealed class SqlitePollSessionTests : SqliteStoreTest
{
    private static readonly FeedId Bis = new("fr-bis");
    private static readonly FeedId Ofac = new("fr-ofac");

    [Fact]
    public async Task LoadAsync_OneRevision_RoundTripsTheItem()
    {
        var item = StoreTestData.Item() with
        {
            Stage = ItemStage.PublicInspection,
            CorrectionOf = "2023-28170",
            EditorialNote = "Withdrawn at the agency's request.",
            FiledAt = new DateTimeOffset(2024, 1, 9, 8, 45, 0, TimeSpan.Zero),
            PublicInspectionLink = new Uri("https://public-inspection.federalregister.gov/2024-00273.pdf"),
        };
        await StorePolls.AddRevisionsAsync(Store, Bis, (item, 1, RevisionKind.New));

        var latest = (await StorePolls.GetLatestAsync(Store, Bis, item.Key))!;

        Assert.Equal(JsonSerializer.Serialize(item), JsonSerializer.Serialize(latest.Latest));
    }

    [Fact]
    public async Task LoadAsync_TwoRevisions_ReturnsTheSecond()
    {
        var first = StoreTestData.Item(title: "Version one");
        await StorePolls.AddRevisionsAsync(Store, Bis, (first, 1, RevisionKind.New));
        await StorePolls.AddRevisionsAsync(Store, Bis, (first with { Title = "Version two" }, 2, RevisionKind.Changed));

        var latest = (await StorePolls.GetLatestAsync(Store, Bis, first.Key))!;

        Assert.Equal((2, "Version two"), (latest.Revision, latest.Latest.Title));
    }

    [Fact]
    public async Task LoadAsync_UnknownKey_IsAbsent()
    {
        Assert.Null(await StorePolls.GetLatestAsync(Store, Bis, ItemKey.FederalRegister("2024-99999")));
    }

    [Fact]
    public async Task WriteAsync_SecondRevision_KeepsTheFirstInHistoryWithKindAndChanges()
    {
        var first = StoreTestData.Item(title: "Version one");
        await StorePolls.AddRevisionsAsync(Store, Bis, (first, 1, RevisionKind.New));
        await StorePolls.WriteAsync(Store, Bis, [], (_, _) => new PollPlan
        {
            Feed = Bis,
            Revisions = [new NewRevision(first with { Title = "Version two" }, 2, RevisionKind.Changed, [new FieldChange("title", "Version one", "Version two")])],
        });

        Assert.Equal(2, await Store.CountRevisionsAsync(first.Key, Ct));
        Assert.Contains("\"Version one\"", await ScalarAsync<string>("SELECT snapshot FROM item_revisions WHERE revision = 1"), StringComparison.Ordinal);
        Assert.Equal("Changed", await ScalarAsync<string>("SELECT kind FROM item_revisions WHERE revision = 2"));
        Assert.Contains("Version one", await ScalarAsync<string>("SELECT changes FROM item_revisions WHERE revision = 2"), StringComparison.Ordinal);
        Assert.Equal(2L, await ScalarAsync<long>("SELECT latest_revision FROM items"));
    }

    [Fact]
    public async Task ItemRevisionsUpdate_AnyRow_IsRefusedByTrigger()
    {
        await StorePolls.AddRevisionsAsync(Store, Bis, (StoreTestData.Item(), 1, RevisionKind.New));

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE item_revisions SET kind = 'Changed'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CarriedByOneFeed_IsCarriedForThatFeedOnly()
    {
        var item = StoreTestData.Item();
        await StorePolls.AddRevisionsAsync(Store, Bis, (item, 1, RevisionKind.New));
        Assert.False((await StorePolls.GetLatestAsync(Store, Bis, item.Key))!.CarriedByFeed);

        await StorePolls.MarkCarriedAsync(Store, Bis, item.Key);

        Assert.True((await StorePolls.GetLatestAsync(Store, Bis, item.Key))!.CarriedByFeed);
        Assert.False((await StorePolls.GetLatestAsync(Store, Ofac, item.Key))!.CarriedByFeed);
    }

    [Fact]
    public async Task WriteAsync_CarriedTwice_IsIdempotent()
    {
        var item = StoreTestData.Item();
        await StorePolls.StoreAsync(Store, Bis, item);

        await StorePolls.MarkCarriedAsync(Store, Bis, item.Key);

        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM item_feeds"));
    }

    [Fact]
    public async Task WriteAsync_PlannedAlert_IsStoredUnderItsPlannedId()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);

        var id = (await StoreTestData.EnqueueAsync(Store, channel, StoreTestData.Item()))[0];

        Assert.Equal(AlertId.FromSequence(1), id);
        Assert.Equal(id, (await Store.FindAlertAsync(channel, id, Ct))!.Message.AlertId);
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT id FROM alerts WHERE public_id = '{id}'"));
    }

    [Fact]
    public async Task LoadAsync_AfterAlertsAndADigest_NextNumbersFollowThem()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        await StoreTestData.FloodAsync(Store, channel, 3);

        await using var poll = await Store.BeginPollAsync(Ct);
        var state = await poll.LoadAsync(Bis, [], Ct);

        Assert.Equal((4L, 2L), (state.NextAlertSequence, state.NextDigestSequence));
    }

    [Fact]
    public async Task LoadAlertHistoryAsync_TwoRevisionsAlerted_FirstIdAndLatestRevisionPerChannel()
    {
        var desk = await StoreTestData.ConsoleChannelAsync(Store, "desk");
        var other = await StoreTestData.ConsoleChannelAsync(Store, "other");
        var item = StoreTestData.Item();
        var first = (await StoreTestData.EnqueueAsync(Store, desk, item))[0];
        await StorePolls.EnqueueAsync(Store, [], [new PendingAlert(desk, item.Key, 2, StoreTestData.Message(item, RevisionKind.Changed))]);

        await using var poll = await Store.BeginPollAsync(Ct);
        var history = await poll.LoadAlertHistoryAsync([item.Key, ItemKey.FederalRegister("2024-99999")], Ct);

        Assert.Equal(new ChannelItemAlerts(desk, item.Key, first, 2), history.Find(desk, item.Key));
        Assert.Null(history.Find(other, item.Key));
        Assert.Equal(1, history.Count);
    }

    [Fact]
    public async Task WriteAsync_AnAlertCannotBeWritten_NothingOfThePlanIsWritten()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var item = StoreTestData.Item();
        var message = StoreTestData.Message(item) with { AlertId = AlertId.FromSequence(1) };

        // The same (channel, item, revision) twice breaks the outbox's unique key half way through.
        await Assert.ThrowsAsync<SqliteException>(() => StorePolls.WriteAsync(Store, Bis, [], (_, _) => new PollPlan
        {
            Feed = Bis,
            Revisions = [new NewRevision(item, 1, RevisionKind.New, [])],
            NewlyCarried = [item.Key],
            Alerts = [new PlannedAlert(channel, item.Key, 1, 1, message, false), new PlannedAlert(channel, item.Key, 1, 2, message with { AlertId = AlertId.FromSequence(2) }, false)],
        }));

        Assert.Equal(0, await Store.CountRevisionsAsync(item.Key, Ct));
        Assert.Empty(await Store.FilterKnownAsync([item.Key], Ct));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task DisposeAsync_WithoutWriting_ReleasesTheLockForTheNextPoll()
    {
        await using (var first = await Store.BeginPollAsync(Ct))
        {
            await first.LoadAsync(Bis, [], Ct);
        }

        await StorePolls.StoreAsync(Store, Bis, StoreTestData.Item());

        Assert.Single(await Store.FilterKnownAsync([StoreTestData.Item().Key], Ct));
    }

    [Fact]
    public async Task LoadAsync_ActiveAndEndedMutes_CarriesOnlyTheActiveOnesByChannel()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        await Store.AddMuteAsync(channel, new MuteTarget(MuteScope.Feed, "fr-bis"), StoreTestData.Start.AddHours(8), StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(channel, MuteTarget.Channel, StoreTestData.Start.AddHours(1), StoreTestData.Ada, Ct);
        await Store.EndMuteAsync(channel, MuteTarget.Channel, StoreTestData.Ada, Ct);

        await using var poll = await Store.BeginPollAsync(Ct);
        var mutes = (await poll.LoadAsync(Bis, [], Ct)).Mutes;

        Assert.Equal(new MuteTarget(MuteScope.Feed, "fr-bis"), Assert.Single(mutes[channel]).Target);
    }

    [Fact]
    public async Task GetSetupVersionAsync_RuleOrSubscriptionChanges_Moves()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var before = await Store.GetSetupVersionAsync(Ct);

        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        var subscribed = await Store.GetSetupVersionAsync(Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconductor"), StoreTestData.Ada, Ct);
        var ruled = await Store.GetSetupVersionAsync(Ct);
        await Store.AddMuteAsync(channel, MuteTarget.Channel, StoreTestData.Start.AddHours(1), StoreTestData.Ada, Ct);

        Assert.True(before < subscribed && subscribed < ruled);
        Assert.Equal(ruled, await Store.GetSetupVersionAsync(Ct));
    }

    [Fact]
    public async Task GetChannelSetupsAsync_Channels_WithSubscriptionsAndRulesByName()
    {
        var desk = await StoreTestData.ConsoleChannelAsync(Store, "desk");
        var quiet = await StoreTestData.ConsoleChannelAsync(Store, "quiet");
        await Store.AddSubscriptionAsync(desk, "fr-bis", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(desk, "#sanctions", StoreTestData.Ada, Ct);
        await Store.AddRuleAsync(desk, new RuleDefinition("zeta", "entity"), StoreTestData.Ada, Ct);
        await Store.AddRuleAsync(desk, new RuleDefinition("alpha", "chips"), StoreTestData.Ada, Ct);

        var (channels, version) = await Store.GetChannelSetupsAsync(Ct);

        Assert.Equal(await Store.GetSetupVersionAsync(Ct), version);
        Assert.Equal(new[] { desk, quiet }, channels.Select(c => c.ChannelId));
        Assert.Equal(new[] { "#sanctions", "fr-bis" }, channels[0].Subscriptions);
        Assert.Equal(new[] { "alpha", "zeta" }, channels[0].Rules.Select(r => r.Name));
        Assert.Empty(channels[1].Subscriptions);
    }
}
