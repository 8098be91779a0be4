using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>The rule fields of screening-list changes (<c>list:</c>, <c>name:</c>, <c>country:</c>, <c>program:</c>), through <see cref="RuleSet"/> and <see cref="CompiledRule"/>.</summary>
public sealed class ListFieldTests
{
    private static readonly FeedDefinition Feed = new()
    {
        Id = new FeedId("bis-entity-list"),
        Title = "Entity List",
        Kind = FeedKind.EntityList,
        Url = new Uri("https://www.ecfr.gov/api/versioner/v1/full/2025-08-05/title-15.xml"),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(6) },
        Jurisdiction = "us",
        DefaultAgency = "Bureau of Industry and Security",
    };

    private static readonly ListedEntity Added = new()
    {
        List = "entity-list",
        Id = "HEZE HUAYI CHEMICAL CO., LTD.",
        Name = "Heze Huayi Chemical Co., Ltd.",
        Aliases = ["Heze Huayi"],
        Type = EntityType.Entity,
        Countries = ["China"],
        Addresses = ["No. 1 Huayi Road, Heze, Shandong"],
        Programs = ["Entity List"],
        LicenseRequirement = "For all items subject to the EAR.",
        ReviewPolicy = "Presumption of denial.",
        Citation = "88 FR 12170 (2023-03929)",
    };

    private static bool Matches(string expression, EntityChange change)
    {
        var item = EntityChangeItem.Of(change, Feed, "Entity List");
        var rule = new RuleDefinition("r", expression);
        var fromSet = RuleSet.Compile([rule]).Match(item);
        var single = CompiledRule.Compile(rule).Match(item);
        Assert.Equal(single is not null, fromSet.Count == 1);
        return fromSet.Count == 1;
    }

    [Theory]
    [InlineData("list:entity-list AND country:china", true)]
    [InlineData("list:\"entity list\"", true)]
    [InlineData("list:sdn", false)]
    [InlineData("country:russia", false)]
    [InlineData("name:\"heze huayi\"", true)]
    [InlineData("name:huayi AND list:entity-list", true)]
    [InlineData("program:\"entity list\" AND type:\"list addition\"", true)]
    [InlineData("program:sdgt", false)]
    [InlineData("program:\"entity list\"", true)]
    [InlineData("type:\"list addition\"", true)]
    [InlineData("program:entity AND type:addition", true)]
    [InlineData("\"heze huayi\"", true)]
    [InlineData("title:china", true)]
    public void Match_ListFields_SearchTheChangedEntity(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, EntityChange.Added(Added)));
    }

    [Fact]
    public void Match_CountryOnAnotherItem_NeverMatchesTheDocumentText()
    {
        var removal = EntityChange.Removed(Added);

        Assert.True(Matches("type:\"list removal\" AND country:china", removal));
        Assert.False(Matches("country:china AND type:\"list addition\"", removal));
    }

    [Fact]
    public void ScopeBits_EveryItemField_FitsInTheMatchProgramsScope()
    {
        Assert.True(Enum.GetValues<ItemField>().Length <= MatchProgram.ScopeBits, "an ItemField past the match program's scope bits could never be matched in a phrase");
    }
}
