using System.Data.Common;
using Npgsql;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// Every setup change writes exactly one audit row when it changed something, and none when it did
/// not; the log is append-only, refused by the database itself. Written once, run against SQLite and PostgreSQL.
/// </summary>
public abstract class AuditStoreTests : ConsoleChannelStoreTest<IAuditStore>
{
    private static readonly RuleDefinition Chips = new("chips", "semiconduct*");

    [StoreFact]
    public async Task AddSubscriptionAsync_New_AuditsSubscribeWithWhoAndWhen()
    {
        await Channels.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Ada, "subscribe", null, "fr-bis"), Assert.Single(await AuditAsync()));
    }

    [StoreFact]
    public async Task AddSubscriptionAsync_AlreadySubscribed_WritesNoAudit()
    {
        await Channels.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        await Channels.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Bob, Ct);

        Assert.Single(await AuditAsync());
    }

    [StoreFact]
    public async Task RemoveSubscriptionAsync_Subscribed_AuditsUnsubscribe()
    {
        await Channels.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        await Channels.RemoveSubscriptionAsync(Channel, "fr-bis", StoreTestData.Bob, Ct);

        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Bob, "unsubscribe", "fr-bis", null), (await AuditAsync())[0]);
    }

    [StoreFact]
    public async Task RemoveSubscriptionAsync_NotSubscribed_WritesNoAudit()
    {
        await Channels.RemoveSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task AddRuleAsync_New_AuditsRuleAddWithNameAndExpression()
    {
        await Channels.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("rule add", null, "chips: semiconduct*"), (entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task AddRuleAsync_DuplicateName_WritesNoAudit()
    {
        await Channels.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Channels.AddRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), StoreTestData.Ada, Ct);

        Assert.Single(await AuditAsync());
    }

    [StoreFact]
    public async Task ReplaceRuleAsync_Changed_AuditsRuleEditBeforeAndAfter()
    {
        await Channels.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Channels.ReplaceRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal((StoreTestData.Bob, "rule edit", "chips: semiconduct*", "chips: wafer*"), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task ReplaceRuleAsync_IdenticalExpression_WritesNoAudit()
    {
        await Channels.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Channels.ReplaceRuleAsync(Channel, Chips, StoreTestData.Bob, Ct);

        Assert.Single(await AuditAsync());
    }

    [StoreFact]
    public async Task ReplaceRuleAsync_Unknown_WritesNoAudit()
    {
        await Channels.ReplaceRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task UpsertRuleAsync_NewThenChanged_AuditsRuleAddThenRuleEdit()
    {
        await Channels.UpsertRuleAsync(Channel, Chips, Actor.Configuration, Ct);
        await Channels.UpsertRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), Actor.Configuration, Ct);

        Assert.Equal(new[] { "rule edit", "rule add" }, (await AuditAsync()).Select(e => e.Action));
    }

    [StoreFact]
    public async Task UpsertRuleAsync_IdenticalExpression_WritesNoAudit()
    {
        await Channels.UpsertRuleAsync(Channel, Chips, Actor.Configuration, Ct);

        await Channels.UpsertRuleAsync(Channel, Chips, Actor.Configuration, Ct);

        Assert.Single(await AuditAsync());
    }

    [StoreFact]
    public async Task RemoveRuleAsync_Existing_AuditsRuleRemoveWithTheExpressionBefore()
    {
        await Channels.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Channels.RemoveRuleAsync(Channel, "chips", StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal(("rule remove", "chips: semiconduct*", null), (entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task RemoveRuleAsync_Unknown_WritesNoAudit()
    {
        await Channels.RemoveRuleAsync(Channel, "chips", StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task AddMuteAsync_New_AuditsMuteWithTargetAndUntil()
    {
        await Mutes.AddMuteAsync(Channel, MuteTarget.Rule("ai-chips"), StoreTestData.Start + TimeSpan.FromDays(1), StoreTestData.Ada, Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("mute", null, "rule ai-chips until 2026-03-03 09:00Z"), (entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task AddMuteAsync_ReplacingOne_AuditsTheReplacedMuteAsBefore()
    {
        await Mutes.AddMuteAsync(Channel, MuteTarget.Channel, StoreTestData.Start + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);

        await Mutes.AddMuteAsync(Channel, MuteTarget.Channel, StoreTestData.Start + TimeSpan.FromHours(8), StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal(("channel until 2026-03-02 10:00Z", "channel until 2026-03-02 17:00Z"), (entry.Before, entry.After));
    }

    [StoreFact]
    public async Task EndMuteAsync_Active_AuditsUnmute()
    {
        await Mutes.AddMuteAsync(Channel, MuteTarget.Feed("fr-bis"), StoreTestData.Start + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);

        await Mutes.EndMuteAsync(Channel, MuteTarget.Feed("fr-bis"), StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal((StoreTestData.Bob, "unmute", "feed fr-bis until 2026-03-02 10:00Z", null), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task EndMuteAsync_NotMuted_WritesNoAudit()
    {
        await Mutes.EndMuteAsync(Channel, MuteTarget.Feed("fr-bis"), StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task GetRecentAuditAsync_SeveralRows_ReturnsNewestFirstUpToMax()
    {
        foreach (var feed in new[] { "fr-bis", "fr-ofac", "uk-ecju" })
        {
            await Channels.AddSubscriptionAsync(Channel, feed, StoreTestData.Ada, Ct);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var recent = await Store.GetRecentAuditAsync(Channel, 2, Ct);

        Assert.Equal(new[] { "uk-ecju", "fr-ofac" }, recent.Select(e => e.After));
        Assert.Equal(StoreTestData.Start + TimeSpan.FromMinutes(2), recent[0].At);
    }

    [StoreFact]
    public async Task GetRecentAuditAsync_AnotherChannelsChange_IsNotListed()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");

        await Channels.AddSubscriptionAsync(other, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task AppendAuditAsync_Row_IsListedAsWritten()
    {
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "mute released", "rule chips", "3 alerts", Ct);

        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Ada, "mute released", "rule chips", "3 alerts"), Assert.Single(await AuditAsync()));
    }

    [StoreFact]
    public async Task AuditUpdate_AnyRow_IsRefused()
    {
        await InsertAuditRowAsync();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => Database.ExecuteAsync("UPDATE audit SET user_name = 'someone else'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal("Ada", await Database.ScalarAsync<string>("SELECT user_name FROM audit"));
    }

    [StoreFact]
    public async Task AuditDelete_AnyRow_IsRefused()
    {
        await InsertAuditRowAsync();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => Database.ExecuteAsync("DELETE FROM audit"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit"));
    }

    [StoreFact]
    public async Task AuditInsert_NewRow_IsAccepted()
    {
        await InsertAuditRowAsync();
        await InsertAuditRowAsync();

        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit"));
    }

    private protected IChannelStore Channels => StoreAs<IChannelStore>();

    private protected IMuteStore Mutes => StoreAs<IMuteStore>();

    private protected Task<IReadOnlyList<AuditEntry>> AuditAsync() => Store.GetRecentAuditAsync(Channel, 100, Ct);

    private protected Task InsertAuditRowAsync() => Database.ExecuteAsync("""
        INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after)
        VALUES ('2026-03-02T09:00:00.0000000Z', NULL, 'U1', 'Ada', 'rule.add', NULL, 'chips: semiconduct*')
        """);

    [StoreFact]
    public async Task AcknowledgeAsync_WithNote_AuditsAckWithIdAndNote()
    {
        var id = (await StoreTestData.EnqueueAsync(StoreAs<IItemStore>(), Channel, StoreTestData.Item()))[0];

        await StoreAs<IAlertStore>().AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, StoreTestData.Start, "checked with legal"), Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((StoreTestData.Bob, "ack", null, $"{id}: checked with legal"), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task AcknowledgeAsync_WithoutNote_AuditsTheId()
    {
        var id = (await StoreTestData.EnqueueAsync(StoreAs<IItemStore>(), Channel, StoreTestData.Item()))[0];

        await StoreAs<IAlertStore>().AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, StoreTestData.Start, null), Ct);

        Assert.Equal(id, Assert.Single(await AuditAsync()).After);
    }

    [StoreFact]
    public async Task AcknowledgeAsync_AlreadyAcknowledged_WritesNoAudit()
    {
        var id = (await StoreTestData.EnqueueAsync(StoreAs<IItemStore>(), Channel, StoreTestData.Item()))[0];
        await StoreAs<IAlertStore>().AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Ada, StoreTestData.Start, null), Ct);

        await StoreAs<IAlertStore>().AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, StoreTestData.Start, null), Ct);

        Assert.Single(await AuditAsync());
    }
}

public sealed class SqliteAuditStoreTests : AuditStoreTests;

public sealed class PostgresAuditStoreTests : AuditStoreTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task AuditTruncate_IsRefused()
    {
        await InsertAuditRowAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync("TRUNCATE audit"));

        Assert.Equal(PostgresErrorCodes.RestrictViolation, error.SqlState);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit"));
    }

    [StoreFact]
    public async Task GetRecentAuditAsync_InstantWithTicks_ReadsBackInUtcToTheMicrosecond()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567));

        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "mute released", null, null, Ct);

        var at = Assert.Single(await AuditAsync()).At;
        Assert.Equal((new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), TimeSpan.Zero), (at, at.Offset));
    }
}
