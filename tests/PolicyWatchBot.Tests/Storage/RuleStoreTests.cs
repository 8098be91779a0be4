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
        await QueueAsync(new PendingAlert(other, item.Key, 1, Message(item, "chips")), item);

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

    private Task EnqueueAsync(FeedItem item, params string[] rules) => EnqueueAsync(item, held: false, rules);

    private Task EnqueueAsync(FeedItem item, bool held, params string[] rules) =>
        QueueAsync(new PendingAlert(Channel, item.Key, 1, Message(item, rules), held), item);

    /// <summary>Queues the alert (and its rules' hits) as a poll does.</summary>
    private protected virtual Task QueueAsync(PendingAlert alert, FeedItem item) => StoreTestData.EnqueueAsync(StoreAs<IStore>(), alert, item);
}

public sealed class SqliteRuleStoreTests : RuleStoreTests;

public sealed class PostgresRuleStoreTests : RuleStoreTests, IPostgresStoreTest
{
    /// <summary>
    /// The rows a poll writes for an alert, written with SQL until PostgreSQL's poll session exists:
    /// the alert once per (channel, item, revision) by the constraint, and one hit per matched rule.
    /// </summary>
    private protected override async Task QueueAsync(PendingAlert alert, FeedItem item)
    {
        var id = await Database.ScalarAsync<long?>("""
            INSERT INTO alerts (channel_id, item_key, revision, kind, status, payload, created_at, next_attempt_at)
            VALUES (@c, @item, @revision, 'new', @status, '{}', @at, @at)
            ON CONFLICT ON CONSTRAINT ux_alerts_channel_item_revision DO NOTHING
            RETURNING id
            """, ("c", alert.ChannelId), ("item", item.Key.Value), ("revision", alert.Revision), ("status", alert.Held ? "muted" : "pending"), ("at", Now));
        if (id is null)
        {
            return;
        }

        foreach (var rule in alert.Message.MatchedRules)
        {
            await Database.ExecuteAsync("INSERT INTO alert_rules (alert_id, channel_id, rule_name, created_at) VALUES (@a, @c, @r, @at)",
                ("a", id), ("c", alert.ChannelId), ("r", rule.Name), ("at", Now));
        }
    }
}
