using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteChannelTests : IAsyncLifetime
{
    private static readonly ChannelKey Slack = new("slack", "T0001", "C0001");

    private readonly FakeTimeProvider _clock = new(StoreTestData.Start);
    private readonly TempSqliteDatabase _db = new();
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = _db.CreateStore(_clock);
        await _store.MigrateAsync(_ct);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EnsureChannelAsync_SameKeyTwice_ReturnsSameId()
    {
        var first = await _store.EnsureChannelAsync(Slack, "#export-controls", _ct);

        var second = await _store.EnsureChannelAsync(Slack, "#export-controls-renamed", _ct);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("discord", "T0001", "C0001")]
    [InlineData("slack", "T0002", "C0001")]
    [InlineData("slack", "T0001", "C0002")]
    public async Task EnsureChannelAsync_KeyDiffersInOnePart_ReturnsAnotherId(string platform, string workspace, string channel)
    {
        var first = await _store.EnsureChannelAsync(Slack, "a", _ct);

        var second = await _store.EnsureChannelAsync(new ChannelKey(platform, workspace, channel), "b", _ct);

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("fr-bis")]
    [InlineData("#export-controls")]
    [InlineData("all")]
    public async Task GetSubscribersAsync_SubscribedByIdTagOrAll_ReturnsTheChannel(string target)
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.AddSubscriptionAsync(channel, target, "U1", _ct);

        var subscribers = await _store.GetSubscribersAsync(StoreTestData.Feed("fr-bis", "us", "export-controls"), _ct);

        var subscriber = Assert.Single(subscribers);
        Assert.Equal(channel, subscriber.ChannelId);
        Assert.Equal(Slack, subscriber.Key);
    }

    [Fact]
    public async Task GetSubscribersAsync_Subscribed_ReturnsTheChannelRules()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.AddSubscriptionAsync(channel, "fr-bis", "U1", _ct);
        await _store.UpsertRuleAsync(channel, new RuleDefinition("entity-list", "\"entity list\""), "U1", _ct);
        await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), "U1", _ct);

        var subscriber = Assert.Single(await _store.GetSubscribersAsync(StoreTestData.Feed("fr-bis"), _ct));

        Assert.Equal(
            new[] { new RuleDefinition("chips", "semiconduct*"), new RuleDefinition("entity-list", "\"entity list\"") },
            subscriber.Rules);
    }

    [Fact]
    public async Task GetSubscribersAsync_SubscribedToAnotherFeed_DoesNotReturnTheChannel()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.AddSubscriptionAsync(channel, "uk-ecju", "U1", _ct);
        await _store.AddSubscriptionAsync(channel, "#sanctions", "U1", _ct);

        Assert.Empty(await _store.GetSubscribersAsync(StoreTestData.Feed("fr-bis", "us", "export-controls"), _ct));
    }

    [Fact]
    public async Task GetSubscribersAsync_SubscribedSeveralWays_ReturnsTheChannelOnce()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.AddSubscriptionAsync(channel, "fr-bis", "U1", _ct);
        await _store.AddSubscriptionAsync(channel, "#us", "U1", _ct);
        await _store.AddSubscriptionAsync(channel, "all", "U1", _ct);

        Assert.Single(await _store.GetSubscribersAsync(StoreTestData.Feed("fr-bis", "us"), _ct));
    }

    [Fact]
    public async Task GetSubscribersAsync_TwoChannels_ReturnsOnlyTheSubscribedOne()
    {
        var subscribed = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        var other = await _store.EnsureChannelAsync(ChannelKey.Console("other"), "other", _ct);
        await _store.AddSubscriptionAsync(subscribed, "fr-bis", "U1", _ct);
        await _store.AddSubscriptionAsync(other, "fr-ofac", "U1", _ct);

        Assert.Equal(new[] { subscribed }, (await _store.GetSubscribersAsync(StoreTestData.Feed("fr-bis"), _ct)).Select(s => s.ChannelId));
    }

    [Fact]
    public async Task AddSubscriptionAsync_Twice_ReturnsFalseTheSecondTime()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);

        Assert.True(await _store.AddSubscriptionAsync(channel, "fr-bis", "U1", _ct));
        Assert.False(await _store.AddSubscriptionAsync(channel, "fr-bis", "U2", _ct));
    }

    [Fact]
    public async Task RemoveSubscriptionAsync_Subscribed_StopsDelivery()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.AddSubscriptionAsync(channel, "fr-bis", "U1", _ct);

        Assert.True(await _store.RemoveSubscriptionAsync(channel, "fr-bis", _ct));
        Assert.Empty(await _store.GetSubscribersAsync(StoreTestData.Feed("fr-bis"), _ct));
        Assert.Empty(await _store.GetSubscriptionsAsync(channel, _ct));
    }

    [Fact]
    public async Task RemoveSubscriptionAsync_NotSubscribed_ReturnsFalse()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);

        Assert.False(await _store.RemoveSubscriptionAsync(channel, "fr-bis", _ct));
    }

    [Fact]
    public async Task GetSubscriptionsAsync_Several_ReturnsTargetsSorted()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.AddSubscriptionAsync(channel, "uk-ecju", "U1", _ct);
        await _store.AddSubscriptionAsync(channel, "#us", "U1", _ct);
        await _store.AddSubscriptionAsync(channel, "fr-bis", "U1", _ct);

        Assert.Equal(new[] { "#us", "fr-bis", "uk-ecju" }, await _store.GetSubscriptionsAsync(channel, _ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_NewRule_ReturnsTrue()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);

        Assert.True(await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), "U1", _ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_IdenticalExpression_ReturnsFalse()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), "U1", _ct);

        Assert.False(await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), "U2", _ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_ChangedExpression_ReturnsTrueAndReplacesIt()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), "U1", _ct);

        Assert.True(await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct* OR wafer*"), "U2", _ct));
        Assert.Equal(new[] { new RuleDefinition("chips", "semiconduct* OR wafer*") }, await _store.GetRulesAsync(channel, _ct));
    }

    [Fact]
    public async Task UpsertRuleAsync_SameNameInAnotherChannel_IsSeparate()
    {
        var first = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        var second = await _store.EnsureChannelAsync(ChannelKey.Console("c"), "c", _ct);
        await _store.UpsertRuleAsync(first, new RuleDefinition("chips", "semiconduct*"), "U1", _ct);

        Assert.True(await _store.UpsertRuleAsync(second, new RuleDefinition("chips", "semiconduct*"), "U1", _ct));
    }

    [Fact]
    public async Task RemoveRuleAsync_Existing_ReturnsTrueAndRemovesIt()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);
        await _store.UpsertRuleAsync(channel, new RuleDefinition("chips", "semiconduct*"), "U1", _ct);
        await _store.UpsertRuleAsync(channel, new RuleDefinition("ofac", "sanction*"), "U1", _ct);

        Assert.True(await _store.RemoveRuleAsync(channel, "chips", _ct));
        Assert.Equal(new[] { "ofac" }, (await _store.GetRulesAsync(channel, _ct)).Select(r => r.Name));
    }

    [Fact]
    public async Task RemoveRuleAsync_Unknown_ReturnsFalse()
    {
        var channel = await _store.EnsureChannelAsync(Slack, "#x", _ct);

        Assert.False(await _store.RemoveRuleAsync(channel, "chips", _ct));
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

        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync(_ct))!);
    }

    private Task InsertAuditRowAsync() => ExecuteAsync("""
        INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after)
        VALUES ('2026-03-02T09:00:00.0000000Z', NULL, 'U1', 'Ada', 'rule.add', NULL, 'chips: semiconduct*')
        """);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(_ct);
    }
}
