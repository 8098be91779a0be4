using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteChannelTests : SqliteStoreTest
{
    private static readonly ChannelKey Slack = new("slack", "T0001", "C0001");

    [Fact]
    public async Task EnsureChannelAsync_SameKeyTwice_ReturnsSameId()
    {
        var first = await Store.EnsureChannelAsync(Slack, "#export-controls", Ct);

        var second = await Store.EnsureChannelAsync(Slack, "#export-controls-renamed", Ct);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("discord", "T0001", "C0001")]
    [InlineData("slack", "T0002", "C0001")]
    [InlineData("slack", "T0001", "C0002")]
    public async Task EnsureChannelAsync_KeyDiffersInOnePart_ReturnsAnotherId(string platform, string workspace, string channel)
    {
        var first = await Store.EnsureChannelAsync(Slack, "a", Ct);

        var second = await Store.EnsureChannelAsync(new ChannelKey(platform, workspace, channel), "b", Ct);

        Assert.NotEqual(first, second);
    }

    [Theory]
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

    [Fact]
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

    [Fact]
    public async Task Subscribers_SubscribedToAnotherFeed_DoesNotReturnTheChannel()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "uk-ecju", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "#sanctions", StoreTestData.Ada, Ct);

        Assert.Empty(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis", "us", "export-controls")));
    }

    [Fact]
    public async Task Subscribers_SubscribedSeveralWays_ReturnsTheChannelOnce()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "#us", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "all", StoreTestData.Ada, Ct);

        Assert.Single(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis", "us")));
    }

    [Fact]
    public async Task Subscribers_TwoChannels_ReturnsOnlyTheSubscribedOne()
    {
        var subscribed = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        var other = await Store.EnsureChannelAsync(ChannelKey.Console("other"), "other", Ct);
        await Store.AddSubscriptionAsync(subscribed, "fr-bis", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(other, "fr-ofac", StoreTestData.Ada, Ct);

        Assert.Equal(new[] { subscribed }, (await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis"))).Select(s => s.ChannelId));
    }

    [Fact]
    public async Task AddSubscriptionAsync_Twice_ReturnsFalseTheSecondTime()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.True(await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
        Assert.False(await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Bob, Ct));
    }

    [Fact]
    public async Task RemoveSubscriptionAsync_Subscribed_StopsDelivery()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.True(await Store.RemoveSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
        Assert.Empty(await StoreTestData.SubscribersAsync(Store, StoreTestData.Feed("fr-bis")));
        Assert.Empty(await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [Fact]
    public async Task RemoveSubscriptionAsync_NotSubscribed_ReturnsFalse()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.False(await Store.RemoveSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct));
    }

    [Fact]
    public async Task GetSubscriptionsAsync_Several_ReturnsTargetsSorted()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.AddSubscriptionAsync(channel, "uk-ecju", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "#us", StoreTestData.Ada, Ct);
        await Store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Equal(new[] { "#us", "fr-bis", "uk-ecju" }, await Store.GetSubscriptionsAsync(channel, Ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_NewRule_ReturnsTrue()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.True(await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_IdenticalExpression_ReturnsFalse()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        Assert.False(await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Bob, Ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_ChangedExpression_ReturnsTrueAndReplacesIt()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        Assert.True(await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct* OR wafer*"), StoreTestData.Bob, Ct));
        Assert.Equal(new[] { new RuleDefinition("chips", "semiconduct* OR wafer*") }, await Store.GetRulesAsync(channel, Ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_SameNameInAnotherChannel_IsSeparate()
    {
        var first = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        var second = await Store.EnsureChannelAsync(ChannelKey.Console("c"), "c", Ct);
        await Store.UpsertRuleAsync(first, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);

        Assert.True(await Store.UpsertRuleAsync(second, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct));
    }

    [Fact]
    public async Task RemoveRuleAsync_Existing_ReturnsItsExpressionAndRemovesIt()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), StoreTestData.Ada, Ct);
        await Store.UpsertRuleAsync(channel, new RuleDefinition("ofac", "sanction*"), StoreTestData.Ada, Ct);

        Assert.Equal("semiconduct*", await Store.RemoveRuleAsync(channel, "chips", StoreTestData.Ada, Ct));
        Assert.Equal(new[] { "ofac" }, (await Store.GetRulesAsync(channel, Ct)).Select(r => r.Name));
    }

    [Fact]
    public async Task RemoveRuleAsync_Unknown_ReturnsNull()
    {
        var channel = await Store.EnsureChannelAsync(Slack, "#x", Ct);

        Assert.Null(await Store.RemoveRuleAsync(channel, "chips", StoreTestData.Ada, Ct));
    }

    [Fact]
    public async Task AuditUpdate_AnyRow_IsRefused()
    {
        await InsertAuditRowAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE audit SET user_name = 'someone else'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditDelete_AnyRow_IsRefused()
    {
        await InsertAuditRowAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("DELETE FROM audit"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditInsert_NewRow_IsAccepted()
    {
        await InsertAuditRowAsync();
        await InsertAuditRowAsync();

        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }

    private Task InsertAuditRowAsync() => ExecuteAsync("""
        INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after)
        VALUES ('2026-03-02T09:00:00.0000000Z', NULL, 'U1', 'Ada', 'rule.add', NULL, 'chips: semiconduct*')
        """);
}
