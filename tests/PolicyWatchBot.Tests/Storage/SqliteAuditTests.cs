using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Every setup change writes exactly one audit row when it changed something, and none when it did not.</summary>
public sealed class SqliteAuditTests : ChannelStoreTest
{
    private static readonly RuleDefinition Chips = new("chips", "semiconduct*");

    [Fact]
    public async Task AddSubscriptionAsync_New_AuditsSubscribeWithWhoAndWhen()
    {
        await Store.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Ada, "subscribe", null, "fr-bis"), Assert.Single(await AuditAsync()));
    }

    [Fact]
    public async Task AddSubscriptionAsync_AlreadySubscribed_WritesNoAudit()
    {
        await Store.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        await Store.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Bob, Ct);

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task RemoveSubscriptionAsync_Subscribed_AuditsUnsubscribe()
    {
        await Store.AddSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        await Store.RemoveSubscriptionAsync(Channel, "fr-bis", StoreTestData.Bob, Ct);

        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Bob, "unsubscribe", "fr-bis", null), (await AuditAsync())[0]);
    }

    [Fact]
    public async Task RemoveSubscriptionAsync_NotSubscribed_WritesNoAudit()
    {
        await Store.RemoveSubscriptionAsync(Channel, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task AddRuleAsync_New_AuditsRuleAddWithNameAndExpression()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("rule add", null, "chips: semiconduct*"), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task AddRuleAsync_DuplicateName_WritesNoAudit()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Store.AddRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), StoreTestData.Ada, Ct);

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task ReplaceRuleAsync_Changed_AuditsRuleEditBeforeAndAfter()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Store.ReplaceRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal((StoreTestData.Bob, "rule edit", "chips: semiconduct*", "chips: wafer*"), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task ReplaceRuleAsync_IdenticalExpression_WritesNoAudit()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Store.ReplaceRuleAsync(Channel, Chips, StoreTestData.Bob, Ct);

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task ReplaceRuleAsync_Unknown_WritesNoAudit()
    {
        await Store.ReplaceRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task UpsertRuleAsync_NewThenChanged_AuditsRuleAddThenRuleEdit()
    {
        await Store.UpsertRuleAsync(Channel, Chips, Actor.Configuration, Ct);
        await Store.UpsertRuleAsync(Channel, new RuleDefinition("chips", "wafer*"), Actor.Configuration, Ct);

        Assert.Equal(new[] { "rule edit", "rule add" }, (await AuditAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task UpsertRuleAsync_IdenticalExpression_WritesNoAudit()
    {
        await Store.UpsertRuleAsync(Channel, Chips, Actor.Configuration, Ct);

        await Store.UpsertRuleAsync(Channel, Chips, Actor.Configuration, Ct);

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task RemoveRuleAsync_Existing_AuditsRuleRemoveWithTheExpressionBefore()
    {
        await Store.AddRuleAsync(Channel, Chips, StoreTestData.Ada, Ct);

        await Store.RemoveRuleAsync(Channel, "chips", StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal(("rule remove", "chips: semiconduct*", null), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task RemoveRuleAsync_Unknown_WritesNoAudit()
    {
        await Store.RemoveRuleAsync(Channel, "chips", StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task AddMuteAsync_New_AuditsMuteWithTargetAndUntil()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("ai-chips"), StoreTestData.Start + TimeSpan.FromDays(1), StoreTestData.Ada, Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("mute", null, "rule ai-chips until 2026-03-03 09:00Z"), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task AddMuteAsync_ReplacingOne_AuditsTheReplacedMuteAsBefore()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, StoreTestData.Start + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);

        await Store.AddMuteAsync(Channel, MuteTarget.Channel, StoreTestData.Start + TimeSpan.FromHours(8), StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal(("channel until 2026-03-02 10:00Z", "channel until 2026-03-02 17:00Z"), (entry.Before, entry.After));
    }

    [Fact]
    public async Task EndMuteAsync_Active_AuditsUnmute()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Feed("fr-bis"), StoreTestData.Start + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);

        await Store.EndMuteAsync(Channel, MuteTarget.Feed("fr-bis"), StoreTestData.Bob, Ct);

        var entry = (await AuditAsync())[0];
        Assert.Equal((StoreTestData.Bob, "unmute", "feed fr-bis until 2026-03-02 10:00Z", null), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task EndMuteAsync_NotMuted_WritesNoAudit()
    {
        await Store.EndMuteAsync(Channel, MuteTarget.Feed("fr-bis"), StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task AcknowledgeAsync_WithNote_AuditsAckWithIdAndNote()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item()))[0];

        await Store.AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, StoreTestData.Start, "checked with legal"), Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((StoreTestData.Bob, "ack", null, $"{id}: checked with legal"), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task AcknowledgeAsync_WithoutNote_AuditsTheId()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item()))[0];

        await Store.AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, StoreTestData.Start, null), Ct);

        Assert.Equal(id, Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task AcknowledgeAsync_AlreadyAcknowledged_WritesNoAudit()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item()))[0];
        await Store.AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Ada, StoreTestData.Start, null), Ct);

        await Store.AcknowledgeAsync(Channel, id, new Acknowledgement(StoreTestData.Bob, StoreTestData.Start, null), Ct);

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task GetRecentAuditAsync_SeveralRows_ReturnsNewestFirstUpToMax()
    {
        foreach (var feed in new[] { "fr-bis", "fr-ofac", "uk-ecju" })
        {
            await Store.AddSubscriptionAsync(Channel, feed, StoreTestData.Ada, Ct);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var recent = await Store.GetRecentAuditAsync(Channel, 2, Ct);

        Assert.Equal(new[] { "uk-ecju", "fr-ofac" }, recent.Select(e => e.After));
        Assert.Equal(StoreTestData.Start + TimeSpan.FromMinutes(2), recent[0].At);
    }

    [Fact]
    public async Task GetRecentAuditAsync_AnotherChannelsChange_IsNotListed()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Store, "other");

        await Store.AddSubscriptionAsync(other, "fr-bis", StoreTestData.Ada, Ct);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task AppendAuditAsync_Row_IsListedAsWritten()
    {
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "mute released", "rule chips", "3 alerts", Ct);

        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Ada, "mute released", "rule chips", "3 alerts"), Assert.Single(await AuditAsync()));
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync() => Store.GetRecentAuditAsync(Channel, 100, Ct);
}
