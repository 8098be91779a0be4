using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Channels, subscriptions, rules and the channel setups polls read, written once and run against SQLite and PostgreSQL.</summary>
public abstract class ChannelStoreTests : StoreTest<IChannelStore>
{
    private static readonly ChannelKey Slack = new("slack", "T0001", "C0001");

    [StoreFact]
    public async Task EnsureChannelAsync_SameKeyTwice_ReturnsSameId()
    {
        var first = await Store.EnsureChannelAsync(Slack, "#export-controls", Ct);

        var second = await Store.EnsureChannelAsync(Slack, "#export-controls-renamed", Ct);

        Assert.Equal(first, second);
    }

    [StoreTheory]
    [InlineData("discord", "T0001", "C0001")]
    [InlineData("slack", "T0002", "C0001")]
    [InlineData("slack", "T0001", "C0002")]
    public async Task EnsureChannelAsync_KeyDiffersInOnePart_ReturnsAnotherId(string platform, string workspace, string channel)
    {
        var first = await Store.EnsureChannelAsync(Slack, "a", Ct);

        var second = await Store.EnsureChannelAsync(new ChannelKey(platform, workspace, channel), "b", Ct);

        Assert.NotEqual(first, second);
    }

    [StoreTheory]
    [InlineData("fr-bis")]
    [InlineData("#export-controls")]
    [InlineData("all")]
    public async Task Subscribers_SubscribedByIdTagOrAll_ReturnsTheChannel(string target)
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, target, StoreTestData.Ada, Ct);

        var subscribers = await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis", "us", "export-controls"));

        var subscriber = Assert.Single(subscribers);
        Assert.Equal(channel, subscriber.ChannelId);
        Assert.Equal(Slack, subscriber.Key);
    }

    [StoreFact]
    public async Task Subscribers_Subscribed_ReturnsTheChannelRules()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("entity-list", "\"entity list\""), StoreTestData.Ada, Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        var subscriber = Assert.Single(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis")));

        Assert.Equal(
            new[] { new RuleDefinition("chips", "semiconduct*"), new RuleDefinition("entity-list", "\"entity list\"") },
            subscriber.Rules);
    }

    [StoreFact]
    public async Task Subscribers_SubscribedToAnotherFeed_DoesNotReturnTheChannel()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "uk-ecju", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "#sanctions", StoreTestData.Ada, Ct);

        Assert.Empty(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis", "us", "export-controls")));
    }

    [StoreFact]
    public async Task Subscribers_SubscribedSeveralWays_ReturnsTheChannelOnce()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "#us", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "all", StoreTestData.Ada, Ct);

        Assert.Single(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis", "us")));
    }

    [StoreFact]
    public async Task Subscribers_TwoChannels_ReturnsOnlyTheSubscribedOne()
    {
        var subscribed = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        var other = await Store.EnsureChannelAsync(ChannelKey.Console("other"), "other", Ct);
        await Store.AddSubscriptionAsync(subscribed, "fr-bis", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(other, "fr-ofac", StoreTestData.Ada, Ct);

        Assert.Equal(new[] { subscribed }, (await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis"))).Select(s => s.ChannelId));
    }

    [StoreFact]
    public async Task AddSubscriptionAsync_Twice_ReturnsFalseTheSecondTime()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.True(await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
        Assert.False(await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Bob, Ct));
    }

    [StoreFact]
    public async Task AddSubscriptionsAsync_SomeSubscribedAlready_ReturnsOnlyTheNewOnes()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Equal(["#us", "uk-ecju"], await Store.AddSubscriptionsAsync(channel, ["#us", "fr-bis", "uk-ecju"], StoreTestData.Ada, Ct));
        Assert.Equal(["#us", "fr-bis", "uk-ecju"], await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [StoreFact]
    public async Task AddSubscriptionsAsync_SecondTargetFailsToWrite_NoneIsSubscribed()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Database.FailAuditOfAsync("uk-ecju");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Store.AddSubscriptionsAsync(channel, ["fr-bis", "uk-ecju"], StoreTestData.Ada, Ct));

        Assert.Empty(await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [StoreFact]
    public async Task RemoveSubscriptionAsync_Subscribed_StopsDelivery()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.True(await Store.RemoveSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
        Assert.Empty(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis")));
        Assert.Empty(await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [StoreFact]
    public async Task RemoveSubscriptionAsync_NotSubscribed_ReturnsFalse()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.False(await Store.RemoveSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
    }

    [StoreFact]
    public async Task RemoveSubscriptionsAsync_SomeNotSubscribed_ReturnsThoseThatWere()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionsAsync(channel, ["fr-bis", "uk-ecju"], StoreTestData.Ada, Ct);

        Assert.Equal(["uk-ecju"], await Store.RemoveSubscriptionsAsync(channel, ["uk-ecju", "fr-ofac"], StoreTestData.Ada, Ct));
        Assert.Equal(["fr-bis"], await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [StoreFact]
    public async Task GetSubscriptionsAsync_Several_ReturnsTargetsSorted()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "uk-ecju", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "#us", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Equal(new[] { "#us", "fr-bis", "uk-ecju" }, await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [StoreFact]
    public async Task GetSubscriptionsAsync_UpperAndLowerCase_ReturnsThemInByteOrder()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionsAsync(channel, ["fr-bis", "FR-OFAC", "#Us"], StoreTestData.Ada, Ct);

        Assert.Equal(new[] { "#Us", "FR-OFAC", "fr-bis" }, await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [StoreFact]
    public async Task UpsertRuleAsync_NewRule_ReturnsTrue()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.True(await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct));
    }

    [StoreFact]
    public async Task UpsertRuleAsync_IdenticalExpression_ReturnsFalse()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        Assert.False(await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Bob, Ct));
    }

    [StoreFact]
    public async Task UpsertRuleAsync_ChangedExpression_ReturnsTrueAndReplacesIt()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        Assert.True(await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct* OR wafer*"), StoreTestData.Bob, Ct));
        Assert.Equal(new[] { new RuleDefinition("chips", "semiconduct* OR wafer*") }, await Store.GetRulesAsync(channel, Ct));
    }

    [StoreFact]
    public async Task UpsertRuleAsync_SameNameInAnotherChannel_IsSeparate()
    {
        var first = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        var second = await Store.EnsureChannelAsync(ChannelKey.Console("c"), "c", Ct);
        await Store.UpsertRuleAsync(first, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        Assert.True(await Store.UpsertRuleAsync(second, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct));
    }

    [StoreFact]
    public async Task RemoveRuleAsync_Existing_ReturnsItsExpressionAndRemovesIt()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("ofac", "sanction*"), StoreTestData.Ada, Ct);

        Assert.Equal("semiconduct*", await Store.RemoveRuleAsync(channel, "chips", StoreTestData.Ada, Ct));
        Assert.Equal(new[] { "ofac" }, (await Store.GetRulesAsync(channel, Ct)).Select(r => r.Name));
    }

    [StoreFact]
    public async Task RemoveRuleAsync_Unknown_ReturnsNull()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.Null(await Store.RemoveRuleAsync(channel, "chips", StoreTestData.Ada, Ct));
    }

    [StoreFact]
    public async Task SetRuleUrgentAsync_NotUrgent_ReturnsTheRuleBeforeAndAuditsTheChange()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        var before = await Store.SetRuleUrgentAsync(channel, "chips", true, StoreTestData.Bob, Ct);

        Assert.False(before!.Urgent);
        Assert.True(Assert.Single(await Store.GetRulesAsync(channel, Ct)).Urgent);
        var entry = (await AuditAsync(channel))[0];
        Assert.Equal((StoreTestData.Bob, "rule urgent", "chips: not urgent", "chips: urgent"), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task SetRuleUrgentAsync_AlreadyUrgentOrUnknown_WritesNoAudit()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconduct*") { Urgent = true }, StoreTestData.Ada, Ct);

        Assert.True((await Store.SetRuleUrgentAsync(channel, "chips", true, StoreTestData.Bob, Ct))!.Urgent);
        Assert.Null(await Store.SetRuleUrgentAsync(channel, "ofac", true, StoreTestData.Bob, Ct));

        Assert.Equal("chips: semiconduct* (urgent)", Assert.Single(await AuditAsync(channel)).After);
    }

    [StoreFact]
    public async Task SetRuleNotifyAsync_GroupThenNobody_ReadsBackEachAndAuditsBoth()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);
        var group = new Mention(MentionKind.Group, "S0614TZR7");

        Assert.Null((await Store.SetRuleNotifyAsync(channel, "chips", group, StoreTestData.Ada, Ct))!.Notify);
        Assert.Equal(group, Assert.Single(await Store.GetRulesAsync(channel, Ct)).Notify);
        Assert.Equal(group, (await Store.SetRuleNotifyAsync(channel, "chips", null, StoreTestData.Ada, Ct))!.Notify);

        Assert.Null(Assert.Single(await Store.GetRulesAsync(channel, Ct)).Notify);
        Assert.Equal(new[] { "rule notify", "rule notify", "rule add" }, (await AuditAsync(channel)).Select(e => e.Action));
        Assert.Equal("chips: nobody", (await AuditAsync(channel))[1].Before);
    }

    [StoreFact]
    public async Task SetRuleNotifyAsync_User_ReadsBackAsAUserMention()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        await Store.SetRuleNotifyAsync(channel, "chips", new Mention(MentionKind.User, "U024BE7LH"), StoreTestData.Ada, Ct);

        Assert.Equal(new Mention(MentionKind.User, "U024BE7LH"), Assert.Single(await Store.GetRulesAsync(channel, Ct)).Notify);
    }

    [StoreFact]
    public async Task SetFloodThresholdAsync_New_ReturnsTheDefaultBeforeAndAuditsIt()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.Equal(AlertDigest.FloodThreshold, await Store.SetFloodThresholdAsync(channel, 12, StoreTestData.Ada, Ct));
        Assert.Equal(12, await Store.SetFloodThresholdAsync(channel, 12, StoreTestData.Ada, Ct));

        var entry = Assert.Single(await AuditAsync(channel));
        Assert.Equal(("flood", AlertDigest.FloodThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), "12"), (entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task GetChannelSetupsAsync_Channels_WithSubscriptionsRulesWatchlistFloodThresholdAndDigestMode()
    {
        var desk = await StoreTestData.ConsoleChannelAsync(Store, "desk");
        var quiet = await StoreTestData.ConsoleChannelAsync(Store, "quiet");
        await Store.AddSubscriptionsAsync(desk, ["fr-bis", "#sanctions"], StoreTestData.Ada, Ct);
        await Store.AddRuleAsync(desk, new RuleDefinition("zeta", "entity"), StoreTestData.Ada, Ct);
        await Store.AddRuleAsync(desk, new RuleDefinition("alpha", "chips") { Urgent = true }, StoreTestData.Ada, Ct);
        await Store.SetFloodThresholdAsync(desk, 25, StoreTestData.Ada, Ct);
        var watchlists = StoreAs<IWatchlistStore>();
        await watchlists.SaveWatchlistEntryAsync(desk, new WatchlistEntry("zeta Ltd", [], null), StoreTestData.Ada, Ct);
        await watchlists.SaveWatchlistEntryAsync(desk, new WatchlistEntry("Acme Trading LLC", ["Acme"], "AE"), StoreTestData.Ada, Ct);
        await watchlists.SetWatchThresholdAsync(desk, 0.85, StoreTestData.Ada, Ct);
        await Database.ExecuteAsync("UPDATE channels SET digest_schedule = 'daily 09:00' WHERE id = @c", ("c", quiet));

        var (channels, version) = await Store.GetChannelSetupsAsync(Ct);

        Assert.Equal(await Store.GetSetupVersionAsync(Ct), version);
        Assert.Equal(new[] { desk, quiet }, channels.Select(c => c.ChannelId));
        Assert.Equal(new[] { "#sanctions", "fr-bis" }, channels[0].Subscriptions);
        Assert.Equal(new[] { new RuleDefinition("alpha", "chips") { Urgent = true }, new RuleDefinition("zeta", "entity") }, channels[0].Rules);
        Assert.Equal((25, false), (channels[0].FloodThreshold, channels[0].DigestMode));
        Assert.Equal(["Acme Trading LLC", "zeta Ltd"], channels[0].Watchlist.Entries.Select(e => e.Name));
        Assert.Equal(new WatchlistEntry("Acme Trading LLC", ["Acme"], "AE"), channels[0].Watchlist.Entries[0]);
        Assert.Equal(0.85, channels[0].Watchlist.Threshold);
        Assert.Empty(channels[1].Subscriptions);
        Assert.Equal((AlertDigest.FloodThreshold, true, ChannelWatchlist.Empty), (channels[1].FloodThreshold, channels[1].DigestMode, channels[1].Watchlist));
    }

    [StoreFact]
    public async Task GetSetupVersionAsync_EachKindOfSetupChange_Moves()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var versions = new List<long> { await Store.GetSetupVersionAsync(Ct) };
        async Task ChangeAsync(Func<Task> change)
        {
            await change();
            versions.Add(await Store.GetSetupVersionAsync(Ct));
        }

        await ChangeAsync(() => Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
        await ChangeAsync(() => Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconductor"), StoreTestData.Ada, Ct));
        await ChangeAsync(() => Store.ReplaceRuleAsync(channel, new RuleDefinition("chips", "wafer"), StoreTestData.Ada, Ct));
        await ChangeAsync(() => Store.SetRuleUrgentAsync(channel, "chips", true, StoreTestData.Ada, Ct));
        await ChangeAsync(() => Store.SetFloodThresholdAsync(channel, 3, StoreTestData.Ada, Ct));
        await ChangeAsync(() => StoreAs<IWatchlistStore>().SaveWatchlistEntryAsync(channel, new WatchlistEntry("Acme", [], null), StoreTestData.Ada, Ct));
        await ChangeAsync(() => Store.RemoveRuleAsync(channel, "chips", StoreTestData.Ada, Ct));
        await ChangeAsync(() => Store.RemoveSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));

        Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First} then {pair.Second}"));
    }

    [StoreFact]
    public async Task GetSetupVersionAsync_ChangesThatChangeNothing_StaysPut()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "semiconductor"), StoreTestData.Ada, Ct);
        var before = await Store.GetSetupVersionAsync(Ct);

        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Bob, Ct);
        await Store.RemoveSubscriptionAsync(channel, "uk-ecju", StoreTestData.Bob, Ct);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "wafer"), StoreTestData.Bob, Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconductor"), StoreTestData.Bob, Ct);
        await Store.RemoveRuleAsync(channel, "ofac", StoreTestData.Bob, Ct);
        await StoreAs<IWatchlistStore>().RemoveWatchlistEntryAsync(channel, "Acme", StoreTestData.Bob, Ct);
        await StoreAs<IMuteStore>().AddMuteAsync(channel, MuteTarget.Channel, Now.AddHours(1), StoreTestData.Bob, Ct);

        Assert.Equal(before, await Store.GetSetupVersionAsync(Ct));
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync(long channel) => StoreAs<IAuditStore>().GetRecentAuditAsync(channel, 100, Ct);
}

public sealed class SqliteChannelStoreTests : ChannelStoreTests;

/// <summary>The channel tests on PostgreSQL, and what only a shared server shows: instances changing one channel at once.</summary>
public sealed class PostgresChannelStoreTests : ChannelStoreTests, IPostgresStoreTest
{
    private const int Instances = 4;

    /// <summary>Stores on the same schema, each over its own connection pool, as other instances of the bot.</summary>
    private PostgresStore[] OpenInstances() => [.. Enumerable.Range(0, Instances).Select(_ => ((PostgresTestStoreDatabase)Database).OpenInstance(Clock))];

    [StoreFact]
    public async Task EnsureChannelAsync_InstancesAtOnce_AllGetTheOneId()
    {
        var stores = OpenInstances();

        var ids = await Task.WhenAll(stores.Select(s => Task.Run(() => s.EnsureChannelAsync(ChannelKey.Console("desk"), "desk", Ct))));

        Assert.Single(ids.Distinct());
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM channels"));
    }

    [StoreFact]
    public async Task AddRuleAsync_InstancesAddingOneNameAtOnce_OneAddsItAndOneRowIsAudited()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var stores = OpenInstances();

        var added = await Task.WhenAll(stores.Select((s, i) =>
            Task.Run(() => s.AddRuleAsync(channel, new RuleDefinition("chips", $"wafer{i}"), StoreTestData.Ada, Ct))));

        Assert.Equal(1, added.Count(a => a));
        var rule = Assert.Single(await Store.GetRulesAsync(channel, Ct));
        Assert.Equal($"chips: {rule.Expression}", Assert.Single(await StoreAs<IAuditStore>().GetRecentAuditAsync(channel, 100, Ct)).After);
    }

    [StoreFact]
    public async Task UpsertRuleAsync_InstancesEditingOneRuleAtOnce_EachEditAuditedAfterTheOneBefore()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        await Store.AddRuleAsync(channel, new RuleDefinition("chips", "wafer"), StoreTestData.Ada, Ct);
        var stores = OpenInstances();

        await Task.WhenAll(stores.Select((s, i) => Task.Run(async () =>
        {
            for (var edit = 0; edit < 5; edit++)
            {
                await s.UpsertRuleAsync(channel, new RuleDefinition("chips", $"wafer-{i}-{edit}"), StoreTestData.Ada, Ct);
            }
        })));

        // Newest first: each edit's "before" is the expression the edit before it left.
        var audit = await StoreAs<IAuditStore>().GetRecentAuditAsync(channel, 100, Ct);
        Assert.Equal(Instances * 5 + 1, audit.Count);
        Assert.All(audit.Zip(audit.Skip(1)), pair => Assert.Equal(pair.Second.After, pair.First.Before));
        Assert.Equal($"chips: {Assert.Single(await Store.GetRulesAsync(channel, Ct)).Expression}", audit[0].After);
    }

    [StoreFact]
    public async Task GetChannelSetupsAsync_WhileAnotherInstanceSubscribes_VersionIsThatOfTheChannelsRead()
    {
        var channel = await StoreTestData.ConsoleChannelAsync(Store);
        var start = await Store.GetSetupVersionAsync(Ct);
        var writer = OpenInstances()[0];

        // Each subscription moves the version by one, so a consistent read has version - start subscriptions.
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await writer.AddSubscriptionAsync(channel, $"feed-{i:000}", StoreTestData.Ada, Ct);
            }
        });
        var reads = 0;
        while (!writing.IsCompleted || reads == 0)
        {
            var (channels, version) = await Store.GetChannelSetupsAsync(Ct);
            Assert.Equal(version - start, Assert.Single(channels).Subscriptions.Count);
            reads++;
        }

        await writing;
    }
}
