using PolicyWatchBot.Core.Screening.Matching;

namespace PolicyWatchBot.Tests.Core.Screening.Matching;

public sealed class WatchlistTests
{
    private static readonly ScreenedParty Spacety = new(
        "list:entity-list:spacety",
        "Spacety Co., Ltd.",
        ["Changsha Tianyi Space Science and Technology Research Institute Co. Ltd.", "长沙天仪空间科技研究院有限公司"],
        ["China", "Luxembourg"]);

    [Fact]
    public void Screen_WatchedAliasOfTheParty_SaysWhichFormsMatched()
    {
        var watchlist = new Watchlist([new WatchedName("Tianyi Research", ["Changsha Tianyi Space Science & Technology Research Institute"], null), new WatchedName("Acme Tools")]);

        var hit = Assert.Single(watchlist.Screen(Spacety));

        Assert.Equal("Tianyi Research", hit.Entry.Name);
        Assert.Equal("Changsha Tianyi Space Science & Technology Research Institute", hit.EntryForm);
        Assert.Equal("Changsha Tianyi Space Science and Technology Research Institute Co. Ltd.", hit.PartyForm);
        Assert.Equal(1.0, hit.Score, 3);
        Assert.Equal(
            "Changsha Tianyi Space Science and Technology Research Institute Co. Ltd. matches your watchlist entry Tianyi Research (alias Changsha Tianyi Space Science & Technology Research Institute) (1.00)",
            hit.Explain());
    }

    [Fact]
    public void Screen_TransliteratedFormTheListGives_MatchesLikeAnAlias()
    {
        var watchlist = new Watchlist([new WatchedName("长沙天仪空间科技研究院")]);

        var hit = Assert.Single(watchlist.Screen(Spacety));

        Assert.Equal("长沙天仪空间科技研究院有限公司", hit.PartyForm);
    }

    [Fact]
    public void Screen_EntryCountryOfTheParty_RaisesTheScore()
    {
        var anywhere = new Watchlist([new WatchedName("Spacety Co")]).Screen(Spacety with { Name = "Spasety Co" });
        var inChina = new Watchlist([new WatchedName("Spacety Co", [], "CN")]).Screen(Spacety with { Name = "Spasety Co" });

        Assert.False(Assert.Single(anywhere).CountryMatched);
        Assert.True(Assert.Single(inChina).CountryMatched);
        Assert.Equal(anywhere[0].Score + NameSimilarity.CountryBoost, inChina[0].Score, 6);
    }

    [Fact]
    public void Screen_EntryCountryNotThePartys_IsNoHit()
    {
        var watchlist = new Watchlist([new WatchedName("Spacety", [], "DE")]);

        Assert.Empty(watchlist.Screen(Spacety));
    }

    [Fact]
    public void Screen_PartyWithoutCountries_MatchesAnEntryWithOne()
    {
        var watchlist = new Watchlist([new WatchedName("Spacety", [], "Germany")]);

        Assert.Single(watchlist.Screen(Spacety with { Countries = [] }));
    }

    [Fact]
    public void Screen_ThresholdAboveTheScore_IsNoHit()
    {
        var watchlist = new Watchlist([new WatchedName("Spasety")]);
        var score = NameSimilarity.Score("Spasety", "Spacety");

        Assert.Single(watchlist.Screen(Spacety, score - 0.001));
        Assert.Empty(watchlist.Screen(Spacety, score + 0.001));
    }

    [Fact]
    public void Screen_UnusableThreshold_Throws()
    {
        var watchlist = new Watchlist([new WatchedName("Spacety")]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => watchlist.Screen(Spacety, 9));
        Assert.Contains("above 0 and at most 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_EntryMatchingByTwoForms_IsOneHitAtTheBestScore()
    {
        var watchlist = new Watchlist([new WatchedName("Spacety Company", ["Spasety"], null)]);

        var hit = Assert.Single(watchlist.Screen(Spacety));

        Assert.Equal("Spacety Company", hit.EntryForm);
        Assert.Equal(1.0, hit.Score, 3);
    }

    [Fact]
    public void FindMentions_EntityListRuleText_FindsTheNamedEntriesWhereTheyAre()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "feeds", "federal-register", "raw-text-2023-03929-entity-list-additions.txt"));
        var watchlist = new Watchlist(
        [
            new WatchedName("Dexias Industrial Products & Trade Ltd"),
            new WatchedName("Yunzhe", ["Beijing Yunzhe Tech Co"], "CN"),
            new WatchedName("Acme Precision Tools GmbH"),
            new WatchedName("Siemens"),
        ]);

        var mentions = watchlist.FindMentions(text);

        Assert.Equal(["Dexias Industrial Products & Trade Ltd", "Beijing Yunzhe Tech Co"], mentions.Select(m => m.EntryForm));
        var dexias = mentions.Single(m => m.Entry.Name.StartsWith("Dexias", StringComparison.Ordinal));
        Assert.Equal(1.0, dexias.Score, 3);
        Assert.Equal(dexias.MatchedText, text.Substring(dexias.Start, dexias.Length));
        Assert.StartsWith("Dexias Industrial Products and Trade", dexias.MatchedText, StringComparison.Ordinal);
        var yunze = mentions.Single(m => m.Entry.Name == "Yunzhe");
        Assert.StartsWith("Beijing Yunze Technology", yunze.MatchedText, StringComparison.Ordinal);
        Assert.InRange(yunze.Score, NameSimilarity.DefaultThreshold, 0.999);
    }

    [Fact]
    public void FindMentions_NameInsideRunOfChineseText_IsFound()
    {
        var watchlist = new Watchlist([new WatchedName("华为技术有限公司")]);

        var mention = Assert.Single(watchlist.FindMentions("美国商务部将华为技术有限公司及其关联公司列入实体清单。"));

        Assert.Equal("华为技术", mention.MatchedText);
        Assert.Equal(6, mention.Start);
    }

    [Fact]
    public void FindMentions_TextNamingNoEntry_IsEmpty()
    {
        var watchlist = new Watchlist([new WatchedName("Spacety Co., Ltd."), new WatchedName("ZTE")]);

        Assert.Empty(watchlist.FindMentions("The Department of Commerce amends the Export Administration Regulations. Space, safety and a zest for trade are not names."));
    }
}
