using System.Text.Json;
using System.Data.Common;
using Npgsql;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The write side of a poll: what a session reads, and a plan written in one transaction; run against SQLite and PostgreSQL.</summary>
public abstract class PollSessionTests : StoreTest<IItemStore>
{
    private static readonly FeedId Bis = new("fr-bis");
    private static readonly FeedId Ofac = new("fr-ofac");

    [StoreFact]
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

    [StoreFact]
    public async Task LoadAsync_TwoRevisions_ReturnsTheSecond()
    {
        var first = StoreTestData.Item(title: "Version one");
        await StorePolls.AddRevisionsAsync(Store, Bis, (first, 1, RevisionKind.New));
        await StorePolls.AddRevisionsAsync(Store, Bis, (first with { Title = "Version two" }, 2, RevisionKind.Changed));

        var latest = (await StorePolls.GetLatestAsync(Store, Bis, first.Key))!;

        Assert.Equal((2, "Version two"), (latest.Revision, latest.Latest.Title));
    }

    [StoreFact]
    public async Task LoadAsync_UnknownKey_IsAbsent()
    {
        Assert.Null(await StorePolls.GetLatestAsync(Store, Bis, ItemKey.FederalRegister("2024-99999")));
    }

    [StoreFact]
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
        Assert.Contains("\"Version one\"", await Database.ScalarAsync<string>("SELECT snapshot FROM item_revisions WHERE revision = 1"), StringComparison.Ordinal);
        Assert.Equal("Changed", await Database.ScalarAsync<string>("SELECT kind FROM item_revisions WHERE revision = 2"));
        Assert.Contains("Version one", await Database.ScalarAsync<string>("SELECT changes FROM item_revisions WHERE revision = 2"), StringComparison.Ordinal);
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT CAST(latest_revision AS bigint) FROM items"));
    }

    [StoreFact]
    public async Task ItemRevisionsUpdate_AnyRow_IsRefusedByTrigger()
    {
        await StorePolls.AddRevisionsAsync(Store, Bis, (StoreTestData.Item(), 1, RevisionKind.New));

        var error = await Assert.ThrowsAnyAsync<DbException>(() => Database.ExecuteAsync("UPDATE item_revisions SET kind = 'Changed'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal("New", await Database.ScalarAsync<string>("SELECT kind FROM item_revisions"));
    }

    [StoreFact]
    public async Task LoadAsync_CarriedByOneFeed_IsCarriedForThatFeedOnly()
    {
        var item = StoreTestData.Item();
        await StorePolls.AddRevisionsAsync(Store, Bis, (item, 1, RevisionKind.New));
        Assert.False((await StorePolls.GetLatestAsync(Store, Bis, item.Key))!.CarriedByFeed);

        await StorePolls.MarkCarriedAsync(Store, Bis, item.Key);

        Assert.True((await StorePolls.GetLatestAsync(Store, Bis, item.Key))!.CarriedByFeed);
        Assert.False((await StorePolls.GetLatestAsync(Store, Ofac, item.Key))!.CarriedByFeed);
    }

    [StoreFact]
    public async Task WriteAsync_CarriedTwice_IsIdempotent()
    {
        var item = StoreTestData.Item();
        await StorePolls.StoreAsync(Store, Bis, item);

        await StorePolls.MarkCarriedAsync(Store, Bis, item.Key);

        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM item_feeds"));
    }

    [StoreFact]
    public async Task WriteAsync_PlannedAlert_IsStoredUnderItsPlannedId()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Channels);

        var id = (await StoreTestData.EnqueueAsync(Store, channel, StoreTestData.Item()))[0];

        Assert.Equal(AlertId.FromSequence(1), id);
        Assert.Equal(id, (await StoreAs<IAlertStore>().FindAlertAsync(channel, id, Ct))!.Message.AlertId);
        Assert.Equal(1L, await Database.ScalarAsync<long>($"SELECT id FROM alerts WHERE public_id = '{id}'"));
    }

    [StoreFact]
    public async Task LoadAsync_AfterAlertsAndADigest_NextNumbersFollowThem()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Channels);
        await StoreTestData.FloodAsync(Store, channel, 3);

        await using var poll = await Store.BeginPollAsync(Ct);
        var state = await poll.LoadAsync(Bis, [], Ct);

        Assert.Equal((4L, 2L), (state.NextAlertSequence, state.NextDigestSequence));
    }

    [StoreFact]
    public async Task LoadAlertHistoryAsync_TwoRevisionsAlerted_FirstIdAndLatestRevisionPerChannel()
    {
        var desk = await StoreTestData.ConsoleChannelAsync(Channels, "desk");
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var item = StoreTestData.Item();
        var first = (await StoreTestData.EnqueueAsync(Store, desk, item))[0];
        await StorePolls.EnqueueAsync(Store, [], [new PendingAlert(desk, item.Key, 2, StoreTestData.Message(item, RevisionKind.Changed))]);

        await using var poll = await Store.BeginPollAsync(Ct);
        var history = await poll.LoadAlertHistoryAsync([item.Key, ItemKey.FederalRegister("2024-99999")], Ct);

        Assert.Equal(new ChannelItemAlerts(desk, item.Key, first, 2), history.Find(desk, item.Key));
        Assert.Null(history.Find(other, item.Key));
        Assert.Equal(1, history.Count);
    }

    [StoreFact]
    public async Task WriteAsync_AnAlertCannotBeWritten_NothingOfThePlanIsWritten()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Channels);
        var item = StoreTestData.Item();
        var message = StoreTestData.Message(item) with { AlertId = AlertId.FromSequence(1) };

        // The same (channel, item, revision) twice breaks the outbox's unique key half way through.
        await Assert.ThrowsAnyAsync<DbException>(() => StorePolls.WriteAsync(Store, Bis, [], (_, _) => new PollPlan
        {
            Feed = Bis,
            Revisions = [new NewRevision(item, 1, RevisionKind.New, [])],
            NewlyCarried = [item.Key],
            Alerts = [new PlannedAlert(channel, item.Key, 1, 1, message, false), new PlannedAlert(channel, item.Key, 1, 2, message with { AlertId = AlertId.FromSequence(2) }, false)],
        }));

        Assert.Equal(0, await Store.CountRevisionsAsync(item.Key, Ct));
        Assert.Empty(await Store.FilterKnownAsync([item.Key], Ct));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await StoreAs<IOutboxStore>().GetOutboxCountsAsync(Ct));
    }

    [StoreFact]
    public async Task DisposeAsync_WithoutWriting_ReleasesTheLockForTheNextPoll()
    {
        await using (var first = await Store.BeginPollAsync(Ct))
        {
            await first.LoadAsync(Bis, [], Ct);
        }

        await StorePolls.StoreAsync(Store, Bis, StoreTestData.Item());

        Assert.Single(await Store.FilterKnownAsync([StoreTestData.Item().Key], Ct));
    }

    [StoreFact]
    public async Task LoadAsync_ActiveAndEndedMutes_CarriesOnlyTheActiveOnesByChannel()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Channels);
        var muteStore = StoreAs<IMuteStore>();
        await muteStore.AddMuteAsync(channel, new MuteTarget(MuteScope.Feed, "fr-bis"), StoreTestData.Start.AddHours(8), StoreTestData.Ada, Ct);
        await muteStore.AddMuteAsync(channel, MuteTarget.Channel, StoreTestData.Start.AddHours(1), StoreTestData.Ada, Ct);
        await muteStore.EndMuteAsync(channel, MuteTarget.Channel, StoreTestData.Ada, Ct);

        await using var poll = await Store.BeginPollAsync(Ct);
        var mutes = (await poll.LoadAsync(Bis, [], Ct)).Mutes;

        Assert.Equal(new MuteTarget(MuteScope.Feed, "fr-bis"), Assert.Single(mutes[channel]).Target);
    }

    [StoreFact]
    public async Task GetSetupVersionAsync_RuleOrSubscriptionChanges_Moves()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Channels);
        var before = await Channels.GetSetupVersionAsync(Ct);

        await Channels.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        var subscribed = await Channels.GetSetupVersionAsync(Ct);
        await Channels.AddRuleAsync(channel, new RuleDefinition("chips", "semiconductor"), StoreTestData.Ada, Ct);
        var ruled = await Channels.GetSetupVersionAsync(Ct);
        await StoreAs<IMuteStore>().AddMuteAsync(channel, MuteTarget.Channel, StoreTestData.Start.AddHours(1), StoreTestData.Ada, Ct);

        Assert.True(before < subscribed && subscribed < ruled);
        Assert.Equal(ruled, await Channels.GetSetupVersionAsync(Ct));
    }

    [StoreFact]
    public async Task GetChannelSetupsAsync_Channels_WithSubscriptionsAndRulesByName()
    {
        var desk = await StoreTestData.ConsoleChannelAsync(Channels, "desk");
        var quiet = await StoreTestData.ConsoleChannelAsync(Channels, "quiet");
        await Channels.AddSubscriptionAsync(desk, "fr-bis", StoreTestData.Ada, Ct);
        await Channels.AddSubscriptionAsync(desk, "#sanctions", StoreTestData.Ada, Ct);
        await Channels.AddRuleAsync(desk, new RuleDefinition("zeta", "entity"), StoreTestData.Ada, Ct);
        await Channels.AddRuleAsync(desk, new RuleDefinition("alpha", "chips"), StoreTestData.Ada, Ct);

        var (channels, version) = await Channels.GetChannelSetupsAsync(Ct);

        Assert.Equal(await Channels.GetSetupVersionAsync(Ct), version);
        Assert.Equal(new[] { desk, quiet }, channels.Select(c => c.ChannelId));
        Assert.Equal(new[] { "#sanctions", "fr-bis" }, channels[0].Subscriptions);
        Assert.Equal(new[] { "alpha", "zeta" }, channels[0].Rules.Select(r => r.Name));
        Assert.Empty(channels[1].Subscriptions);
    }

    private IChannelStore Channels => StoreAs<IChannelStore>();

}

public sealed class SqlitePollSessionTests : PollSessionTests;

public sealed class PostgresPollSessionTests : PollSessionTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task WriteAsync_SameChannelItemAndRevisionTwice_RefusedByTheNamedUniqueKey()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>());
        var item = StoreTestData.Item();
        var message = StoreTestData.Message(item) with { AlertId = AlertId.FromSequence(1) };

        var error = await Assert.ThrowsAsync<PostgresException>(() => StorePolls.WriteAsync(Store, new FeedId("fr-bis"), [], (_, _) => new PollPlan
        {
            Feed = new FeedId("fr-bis"),
            Revisions = [new NewRevision(item, 1, RevisionKind.New, [])],
            Alerts = [new PlannedAlert(channel, item.Key, 1, 1, message, false), new PlannedAlert(channel, item.Key, 1, 2, message with { AlertId = AlertId.FromSequence(2) }, false)],
        }));

        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_alerts_channel_item_revision"), (error.SqlState, error.ConstraintName));
    }

    [StoreFact]
    public async Task ItemRevisions_UpdateRefused_WithTheTriggersRestrictViolation()
    {
        await StorePolls.AddRevisionsAsync(Store, new FeedId("fr-bis"), (StoreTestData.Item(), 1, RevisionKind.New));

        var error = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync("UPDATE item_revisions SET snapshot = '{}'::jsonb"));

        Assert.Equal((PostgresErrorCodes.RestrictViolation, "item history is append-only"), (error.SqlState, error.MessageText));
    }

    [StoreFact]
    public async Task BeginPollAsync_TwoInstances_TheSecondPlansAfterTheFirstCommits()
    {
        var other = ((PostgresTestStoreDatabase)Database).OpenInstance(Clock);
        var first = await Store.BeginPollAsync(Ct);
        await first.LoadAsync(new FeedId("fr-bis"), [StoreTestData.Item().Key], Ct);

        var second = Task.Run(async () =>
        {
            await using var session = await other.BeginPollAsync(Ct);
            return (await session.LoadAsync(new FeedId("fr-bis"), [StoreTestData.Item().Key], Ct)).Latest.ContainsKey(StoreTestData.Item().Key);
        }, Ct);
        await WaitForALockWaiterAsync();
        Assert.False(second.IsCompleted, "the second instance's poll began while the first held the write lock");

        await first.WriteAsync(new PollPlan { Feed = new FeedId("fr-bis"), Revisions = [new NewRevision(StoreTestData.Item(), 1, RevisionKind.New, [])] }, Ct);
        await first.DisposeAsync();

        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(30), Ct), "the second poll did not see the first one's item");
    }

    /// <summary>Until a session of this database waits for an advisory lock (the write lock another holds).</summary>
    private async Task WaitForALockWaiterAsync()
    {
        while (await Database.ScalarAsync<long>("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
        }
    }
}
