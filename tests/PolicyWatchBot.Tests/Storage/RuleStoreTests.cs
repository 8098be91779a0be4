using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Rules and their hit counts, written once and run against SQLite and PostgreSQL.</summary>
public abstract class RuleStoreTests : ConsoleChannelStoreTest<IChannelStore>
{
    private static readonly RuleDefinition Chips = new("chips", "semiconduct*");

    [StoreFact]
    public async Task AddRuleAsync_NewName_ReturnsTrueAndStoresIt()
    {
        Assert.True(await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct));

        Assert.Equal(new[] { Chips }, await Store.GetRulesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task AddRuleAsync_DuplicateName_ReturnsFalseAndKeepsTheFirst()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        Assert.False(await Store.AddRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), StoreTestData.Bob, Ct));
        Assert.Equal(new[] { Chips }, await Store.GetRulesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task ReplaceRuleAsync_Existing_ReturnsTheOldExpressionAndReplacesIt()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        Assert.Equal("semiconduct*", await Store.ReplaceRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), StoreTestData.Bob, Ct));
        Assert.Equal(new[] { new RuleDefinition("chips", "wafer*") }, await Store.GetRulesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task ReplaceRuleAsync_Unknown_ReturnsNullAndAddsNothing()
    {
        Assert.Null(await Store.ReplaceRuleAsync(Channel, Chips, StoreTestData.Ada, Ct));

        Assert.Empty(await Store.GetRulesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task ReplaceRuleAsync_IdenticalExpression_ReturnsIt()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        Assert.Equal("semiconduct*", await Store.ReplaceRuleAsync(Channel, Chips, StoreTestData.Bob, Ct));
    }

    [StoreFact]
    public async Task CountRuleHitsAsync_AlertsMatchingRules_CountsAlertsPerRule()
    {
        var items = StoreTestData.Items(3);
        await EnqueueAsync(items[0], "chips", "entity-list");
        await EnqueueAsync(items[1], "chips");
        await EnqueueAsync(items[2], "entity-list");

        var hits = await Store.CountRuleHitsAsync(Channel, Clock.GetUtcNow(), Ct);

        Assert.Equal(2, hits["chips"]);
        Assert.Equal(2, hits["entity-list"]);
        Assert.Equal(2, hits.Count);
    }

    [StoreFact]
    public async Task CountRuleHitsAsync_MutedAlert_IsCounted()
    {
        await EnqueueAsync(StoreTestData.Item(), held: true, "chips");

        Assert.Equal(1, (await Store.CountRuleHitsAsync(Channel, Clock.GetUtcNow(), Ct))["chips"]);
    }

    [StoreFact]
    public async Task CountRuleHitsAsync_AlertBeforeSince_IsNotCounted()
    {
        var items = StoreTestData.Items(2);
        await EnqueueAsync(items[0], "chips");
        Clock.Advance(TimeSpan.FromDays(31));
        await EnqueueAsync(items[1], "chips");

        var hits = await Store.CountRuleHitsAsync(Channel, Clock.GetUtcNow() - TimeSpan.FromDays(30), Ct);

        Assert.Equal(1, hits["chips"]);
    }

    [StoreFact]
    public async Task CountRuleHitsAsync_AnotherChannelsAlert_IsNotCounted()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Store, "other");
        var item = StoreTestData.Item();
        await StoreTestData.EnqueueAsync(Items, new PendingAlert(other, item.Key, 1, Message(item, "chips")), item);

        Assert.Empty(await Store.CountRuleHitsAsync(Channel, Clock.GetUtcNow(), Ct));
    }

    [StoreFact]
    public async Task CountRuleHitsAsync_SameAlertEnqueuedTwice_CountsOnce()
    {
        var item = StoreTestData.Item();
        await EnqueueAsync(item, "chips");
        await EnqueueAsync(item, "chips");

        Assert.Equal(1, (await Store.CountRuleHitsAsync(Channel, Clock.GetUtcNow(), Ct))["chips"]);
    }

    private static AlertMessage Message(FeedItem item, params string[] rules) =>
        StoreTestData.Message(item) with { MatchedRules = rules.Select(r => new MatchedRule(r, ["term"])).ToList() };

    private Task<string?> EnqueueAsync(FeedItem item, params string[] rules) => EnqueueAsync(item, held: false, rules);

    private Task<string?> EnqueueAsync(FeedItem item, bool held, params string[] rules) =>
        StoreTestData.EnqueueAsync(Items, new PendingAlert(Channel, item.Key, 1, Message(item, rules), held), item);

    private IItemStore Items => StoreAs<IItemStore>();
}

public sealed class SqliteRuleStoreTests : RuleStoreTests;

public sealed class PostgresRuleStoreTests : RuleStoreTests, IPostgresStoreTest;
