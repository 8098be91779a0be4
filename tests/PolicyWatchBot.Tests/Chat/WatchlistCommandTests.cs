using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Watchlists;
using static PolicyWatchBot.Tests.Discord.DiscordCommandDefinitionTests;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>watch add|remove|import|threshold</c> and <c>watchlist</c> through the real handler and SQLite store.</summary>
public sealed class WatchlistCommandTests : ConversationTest
{
    [Fact]
    public async Task WatchAdd_NameWithCommasAliasesAndCountry_StoredAnnouncedAndAudited()
    {
        var reply = await SayAsync("watch add Huawei Technologies Co., Ltd. --alias Huawei --alias 华为技术有限公司 --country cn");
        var list = (await SayAsync("watchlist", Bob)).ToString();

        Assert.True(reply.Succeeded);
        Assert.Contains("now watches Huawei Technologies Co., Ltd. (aliases: Huawei; 华为技术有限公司) [CN] here", reply.ToString(), StringComparison.Ordinal);
        var entry = Assert.Single((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries);
        Assert.Equal(new WatchlistEntry("Huawei Technologies Co., Ltd.", ["Huawei", "华为技术有限公司"], "CN"), entry);
        Assert.Contains("This channel watches 1 name (threshold 0.9):", list, StringComparison.Ordinal);
        var audit = (await AuditAsync())[0];
        Assert.Equal(("watch add", null, "Huawei Technologies Co., Ltd. (aliases: Huawei; 华为技术有限公司) [CN]"), (audit.Action, audit.Before, audit.After));
    }

    [Fact]
    public async Task WatchAdd_SameNameOtherCase_ReplacesAliasesAndSaysWhatTheyWere()
    {
        await SayAsync("watch add Acme Trading LLC --alias Acme");
        var again = await SayAsync("watch add Acme Trading LLC --alias Acme");
        var changed = await SayAsync("watch add ACME trading llc --country AE");

        Assert.Contains("already watches", again.ToString(), StringComparison.Ordinal);
        Assert.Contains("updated the watched name ACME trading llc [AE] (it was Acme Trading LLC (aliases: Acme))", changed.ToString(), StringComparison.Ordinal);
        Assert.Equal(new WatchlistEntry("ACME trading llc", [], "AE"), Assert.Single((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries));
    }

    [Theory]
    [InlineData("watch add", "'watch add' needs the name to watch")]
    [InlineData("watch add Acme --country China", "'China' is not a two-letter country code")]
    [InlineData("watch add Acme --alias", "--alias needs a value")]
    [InlineData("watch add Acme --aka Beta", "'--aka' is not an option of 'watch add'")]
    [InlineData("watch add !!! ...", "the name '!!! ...' has no letter or digit")]
    [InlineData("watch threshold 0.3", "'0.3' is not a score from 0.5 to 1.0")]
    [InlineData("watch frobnicate", "unknown command 'watch frobnicate'")]
    public async Task Watch_BadInput_OneLineErrorAndNothingChanged(string text, string error)
    {
        var reply = await SayAsync(text);

        Assert.False(reply.Succeeded);
        Assert.Contains(error, reply.ToString(), StringComparison.OrdinalIgnoreCase);
        var watchlist = await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct);
        Assert.Empty(watchlist.Entries);
        Assert.Equal(WatchThreshold.Default, watchlist.Threshold);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task WatchCommands_NonManager_RefusedButReadsTheWatchlist()
    {
        await SayAsync("watch add Acme Trading LLC");

        var add = await SayAsync("watch add Beta Labs", Bob);
        var remove = await SayAsync("watch remove Acme Trading LLC", Bob);
        var threshold = await SayAsync("watch threshold 0.8", Bob);
        var import = await SayAsync("watch import Gamma,,CN", Bob);
        var list = await SayAsync("watchlist", Bob);

        Assert.All([add, remove, threshold, import], r => Assert.Equal(PolicyWatchBot.Core.Replies.ReplyOutcome.Refused, r.Outcome));
        Assert.True(list.Succeeded);
        Assert.Contains("Acme Trading LLC", list.ToString(), StringComparison.Ordinal);
        Assert.Single((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries);
    }

    [Fact]
    public async Task WatchRemove_AnyCase_RemovedAndAudited_UnknownNameRefused()
    {
        await SayAsync("watch add Acme Trading LLC --alias Acme");

        var unknown = await SayAsync("watch remove Beta Labs");
        var removed = await SayAsync("watch remove acme trading llc");

        Assert.Contains("does not watch 'Beta Labs'", unknown.ToString(), StringComparison.Ordinal);
        Assert.Contains("stopped watching Acme Trading LLC (aliases: Acme)", removed.ToString(), StringComparison.Ordinal);
        Assert.Empty((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries);
        Assert.Equal("watch remove", (await AuditAsync())[0].Action);
    }

    [Fact]
    public async Task WatchImport_RowsAfterTheCommand_AddsAndUpdatesInOneGo()
    {
        await SayAsync("watch add Acme Trading LLC");

        var reply = await SayAsync("watch import name,aliases,country\nAcme Trading LLC,Acme,AE\n\"Beta Labs, Inc.\",Beta;BL,\nGamma Corp,,ru");

        Assert.Contains("imported a watchlist: 2 names added, 1 updated, 0 unchanged; this channel watches 3 names.", reply.ToString(), StringComparison.Ordinal);
        var entries = (await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries;
        Assert.Equal(["Acme Trading LLC", "Beta Labs, Inc.", "Gamma Corp"], entries.Select(e => e.Name));
        Assert.Equal("AE", entries[0].Country);
        Assert.Equal(["Beta", "BL"], entries[1].Aliases);
        Assert.Equal(3, (await AuditAsync()).Count(a => a.Action == "watch import"));
    }

    [Fact]
    public async Task WatchImport_OneBadRow_NothingImported()
    {
        var reply = await SayAsync("watch import Acme,,AE\nBeta,,Germany\nGamma");

        Assert.False(reply.Succeeded);
        Assert.Contains("The CSV was not imported, nothing changed: line 2: 'Germany' is not a two-letter country code", reply.ToString(), StringComparison.Ordinal);
        Assert.Empty((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task WatchThreshold_Set_ReadByTheWatchlistAndAudited()
    {
        var set = await SayAsync("watch threshold 0.85");
        var same = await SayAsync("watch threshold 85%");
        await SayAsync("watch add Acme");
        var list = (await SayAsync("watchlist")).ToString();

        Assert.Contains("set the watchlist threshold to 0.85 (it was 0.9)", set.ToString(), StringComparison.Ordinal);
        Assert.Contains("already 0.85", same.ToString(), StringComparison.Ordinal);
        Assert.Contains("(threshold 0.85)", list, StringComparison.Ordinal);
        var audit = (await AuditAsync()).Single(a => a.Action == "watch threshold");
        Assert.Equal(("0.9", "0.85"), (audit.Before, audit.After));
    }

    [Fact]
    public async Task WatchChange_BumpsTheSetupVersion_SoPollsSeeTheNewWatchlist()
    {
        var before = await Store.GetSetupVersionAsync(Ct);
        await SayAsync("watch add Acme Trading LLC --alias Acme");
        var (channels, after) = await Store.GetChannelSetupsAsync(Ct);

        Assert.True(after > before);
        var desk = channels.Single(c => c.Key == Desk);
        Assert.Equal("Acme Trading LLC", Assert.Single(desk.Watchlist.Entries).Name);
    }

    [Fact]
    public async Task DiscordWatchAdd_OptionsReadAsTheTypedCommand_AndRun()
    {
        var parsed = DiscordCommandReader.Read(Data("watch", "add", ("name", "Acme Trading LLC"), ("aliases", "Acme; ACME Intl"), ("country", "ae")));
        var bad = DiscordCommandReader.Read(Data("watch", "threshold", ("score", "2")));

        var add = Assert.IsType<ChatCommand.WatchAdd>(parsed.Command);
        Assert.Equal(new WatchlistEntry("Acme Trading LLC", ["Acme", "ACME Intl"], "AE"), add.Entry);
        Assert.False(bad.IsSuccess);
        Assert.Contains("'2' is not a score from 0.5 to 1.0", bad.Error, StringComparison.Ordinal);
        Assert.True((await RunAsync(add)).Succeeded);
        Assert.Single((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries);
    }

    private async Task StoreSdnAsync()
    {
        ListedEntity Entity(string id, string name, params string[] aliases) => new() { List = "sdn", Id = id, Name = name, Aliases = aliases, Type = EntityType.Entity, Programs = ["CUBA"] };
        await Store.SaveListVersionAsync("sdn", new FeedId("ofac-sdn"),
            [EntityChange.Added(Entity("306", "BANCO NACIONAL DE CUBA", "BNC")), EntityChange.Added(Entity("36", "AEROCARIBBEAN AIRLINES"))], Ct);
        await Store.SaveListVersionAsync("dpl", new FeedId("bis-dpl"), [EntityChange.Added(Entity("I. ASH", "I. ASH") with { List = "dpl" })], Ct);
    }

    [Fact]
    public async Task WatchTest_NameOnAStoredList_ListsTheEntityWithScoreAndTheAliasPerList_ChangesNothing()
    {
        await StoreSdnAsync();

        var reply = (await SayAsync("watch test Banco Nacional de Cuba S.A.", Bob)).ToString();
        var alias = (await SayAsync("watch test bnc", Bob)).ToString();

        Assert.Contains("'Banco Nacional de Cuba S.A.' on 2 screening lists today (threshold 0.9):", reply, StringComparison.Ordinal);
        Assert.Contains("dpl: no match among 1 entries", reply, StringComparison.Ordinal);
        Assert.Contains("sdn: BANCO NACIONAL DE CUBA [list:sdn:306] 1.00", reply, StringComparison.Ordinal);
        Assert.Contains("sdn: BANCO NACIONAL DE CUBA [list:sdn:306] 1.00 as BNC", alias, StringComparison.Ordinal);
        Assert.Empty((await Store.GetWatchlistAsync(await ChannelIdAsync(), Ct)).Entries);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task WatchTest_NoListStoredYet_SaysSoAndHowListsArrive()
    {
        var reply = (await SayAsync("watch test Acme Trading")).ToString();

        Assert.Contains("No screening list is loaded yet", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchlist_WithStoredLists_GivesEachNamesStatusOnEveryList()
    {
        await StoreSdnAsync();
        await SayAsync("watch add Banco Nacional de Cuba");
        await SayAsync("watch add Acme Trading LLC");

        var list = (await SayAsync("watchlist", Bob)).ToString();

        Assert.Contains("Banco Nacional de Cuba · listed: sdn (BANCO NACIONAL DE CUBA [list:sdn:306] 1.00)", list, StringComparison.Ordinal);
        Assert.Contains("Acme Trading LLC · on no list", list, StringComparison.Ordinal);
        Assert.Contains("Screened against dpl (1 entries, changed 2024-02-01), sdn (2 entries, changed 2024-02-01).", list, StringComparison.Ordinal);
    }
}
