using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>
/// Watchlists in a plan: a list change screened as its party, a document by the watched names its
/// text mentions (the real text of the BIS Entity List rule 2023-03929), each match one urgent alert
/// naming the listed form and the score, whatever the channel's rules say.
/// </summary>
public sealed class WatchlistPlanningTests
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis");

    private static readonly FeedDefinition Sdn = StoreTestData.Feed("ofac-sdn") with
    {
        Kind = FeedKind.EntityList,
        EntityList = new EntityListSource("sdn", EntityListFormat.SdnCsv) { Title = "SDN List" },
    };

    private static readonly string EntityListRuleText = File.ReadAllText(
        Path.Combine(Infrastructure.Fixtures.Root, "feeds", "federal-register", "raw-text-2023-03929-entity-list-additions.txt"));

    private static readonly RuleDefinition Quiet = new("quiet", "\"no item says this\"");

    private static ChannelSetup Channel(long id, string feed, ChannelWatchlist watchlist, params RuleDefinition[] rules) =>
        new(id, ChannelKey.Console("c" + id), [feed], rules) { Watchlist = watchlist };

    private static ChannelWatchlist Watching(params WatchlistEntry[] entries) => new(entries, WatchThreshold.Default);

    private static PollPlan Plan(FeedDefinition feed, IReadOnlyList<FeedItem> items, params ChannelSetup[] channels)
    {
        var directory = ChannelDirectory.Compile(channels, version: 1);
        var diff = PollPlanner.Diff(feed, items, new Dictionary<ItemKey, StoredItem>());
        return PollPlanner.Plan(diff, directory.SubscribersOf(feed), new PollState(), AlertHistory.Empty);
    }

    private static FeedItem Added(string id, string name, params string[] aliases) => EntityChangeItem.Of(
        EntityChange.Added(new ListedEntity { List = "sdn", Id = id, Name = name, Aliases = aliases, Type = EntityType.Entity, Programs = ["SDGT"] }),
        Sdn, "SDN List");

    [Fact]
    public void Plan_WatchedNameIsAnAliasOfAnAddedEntity_OneUrgentAlertNamingTheAliasAndScore()
    {
        var channel = Channel(1, "ofac-sdn", Watching(new WatchlistEntry("Heze Huayi Chemical Co Ltd", [], null)), Quiet);

        var plan = Plan(Sdn, [Added("99999", "SHANDONG EXAMPLE HOLDINGS GROUP", "HEZE HUAYI CHEMICAL CO., LTD."), Added("99998", "OTHER TRADING LLC")], channel);

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal("list:sdn:99999", alert.Item.Value);
        Assert.Equal(WatchlistScreen.UrgencyReason, alert.Message.Urgency);
        Assert.Equal("HEZE HUAYI CHEMICAL CO., LTD. matches your watchlist entry Heze Huayi Chemical Co Ltd (1.00)", Assert.Single(alert.Message.WatchlistMatches));
        Assert.Equal("Added to the SDN List: SHANDONG EXAMPLE HOLDINGS GROUP · HEZE HUAYI CHEMICAL CO., LTD. matches your watchlist entry Heze Huayi Chemical Co Ltd (1.00)", alert.Message.Title);
        Assert.Empty(alert.Message.MatchedRules);
    }

    [Fact]
    public void Plan_WatchlistMatchInADigestChannelWithAFlood_IsNeitherHeldNorGrouped()
    {
        var channel = Channel(1, "ofac-sdn", Watching(new WatchlistEntry("Heze Huayi Chemical", [], null))) with { DigestMode = false, FloodThreshold = 1 };
        var items = new[] { Added("1", "ALPHA LLC"), Added("2", "BETA LLC"), Added("3", "HEZE HUAYI CHEMICAL CO., LTD.") };

        var plan = Plan(Sdn, items, channel);

        Assert.Equal(3, plan.Alerts.Count);
        var digest = Assert.Single(plan.Digests);
        Assert.Equal(["Added to the SDN List: ALPHA LLC", "Added to the SDN List: BETA LLC"], digest.Digest.Entries.Select(e => e.Title));
        Assert.Equal("list:sdn:3", Assert.Single(plan.Alerts, a => a.Message.Urgency is not null).Item.Value);
    }

    [Fact]
    public void Plan_WatchedNameInADocumentsFullText_UrgentAlertSayingHowTheTextNamesIt()
    {
        // The real rule names "Beijing Yunze Technology Co., Ltd." only in its text, never in its title or abstract.
        var rule = new FeedItem
        {
            Key = ItemKey.FederalRegister("2023-03929"),
            NativeId = "2023-03929",
            Feed = Bis.Id,
            Title = "Additions to the Entity List",
            Summary = "In this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) by adding 28 entities to the Entity List.",
            DocumentType = "Rule",
            PublishedOn = new DateOnly(2023, 3, 6),
            Body = EntityListRuleText,
        };
        var watching = Channel(1, "fr-bis", Watching(new WatchlistEntry("Beijing Yunze Technology", [], "CN")), Quiet);
        var notWatching = Channel(2, "fr-bis", ChannelWatchlist.Empty, Quiet);

        var plan = Plan(Bis, [rule], watching, notWatching);

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal(1, alert.ChannelId);
        Assert.Equal(WatchlistScreen.UrgencyReason, alert.Message.Urgency);
        Assert.Equal("names your watchlist entry Beijing Yunze Technology as \"Beijing Yunze Technology\" (1.00)", Assert.Single(alert.Message.WatchlistMatches));
        Assert.Equal("Additions to the Entity List · names your watchlist entry Beijing Yunze Technology as \"Beijing Yunze Technology\" (1.00)", alert.Message.Title);
    }

    [Fact]
    public void Plan_NameNotOnTheItem_RulesDecideAsBefore()
    {
        var rules = new RuleDefinition("all-sdn", "list:sdn");
        var channel = Channel(1, "ofac-sdn", Watching(new WatchlistEntry("Acme Trading", [], null)), rules);

        var alert = Assert.Single(Plan(Sdn, [Added("5", "OTHER TRADING LLC")], channel).Alerts);

        Assert.Null(alert.Message.Urgency);
        Assert.Empty(alert.Message.WatchlistMatches);
        Assert.Equal("Added to the SDN List: OTHER TRADING LLC", alert.Message.Title);
    }

    [Fact]
    public void Plan_WatchlistOfAChannelNotSubscribed_NeverAlertsIt()
    {
        var elsewhere = Channel(1, "fr-bis", Watching(new WatchlistEntry("Heze Huayi Chemical", [], null)));

        Assert.Empty(Plan(Sdn, [Added("3", "HEZE HUAYI CHEMICAL CO., LTD.")], elsewhere).Alerts);
    }
}
