using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>The rule fields <c>rin:</c>, <c>topic:</c> and <c>significant:</c>, and what <c>docket:</c> and <c>type:</c> keep matching.</summary>
public sealed class FederalRegisterFieldTests
{
    private static readonly FeedItem SignificantRule = TestItem.Create(
        title: "Export Administration Regulations: Advanced Computing",
        type: "Rule",
        dockets: ["BIS-2024-0001", "0694-AJ35"]) with
    {
        FederalRegister = new FederalRegisterDetail
        {
            Significant = true,
            Topics = ["Exports", "Reporting and recordkeeping requirements"],
        },
    };

    private static readonly FeedItem Proclamation = TestItem.Create(title: "Adjusting Imports of Steel", type: "Presidential Document") with
    {
        FederalRegister = new FederalRegisterDetail { Subtype = "Proclamation" },
    };

    private static bool Matches(string expression, FeedItem item) =>
        RuleSet.Compile([new RuleDefinition("r", expression)]).Match(item).Count == 1;

    [Theory]
    [InlineData("rin:0694-AJ35", true)]
    [InlineData("rin:\"0694 aj35\"", true)]
    [InlineData("rin:BIS-2024-0001", false)]
    [InlineData("docket:0694-AJ35", true)]
    [InlineData("docket:BIS-2024-0001", true)]
    [InlineData("topic:exports", true)]
    [InlineData("topic:\"reporting and recordkeeping\"", true)]
    [InlineData("topic:computing", false)]
    [InlineData("significant:true", true)]
    [InlineData("exports", false)]
    [InlineData("true", false)]
    public void Match_FederalRegisterFields_SearchOnlyTheirValues(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, SignificantRule));
    }

    [Fact]
    public void Match_NotSignificant_SignificantTrueDoesNotMatch()
    {
        var plain = SignificantRule with { FederalRegister = SignificantRule.FederalRegister! with { Significant = false } };

        Assert.False(Matches("significant:true", plain));
        Assert.True(Matches("-significant:true", plain));
    }

    [Fact]
    public void Match_ItemOfAnotherSource_RinStillReadFromItsDockets()
    {
        var stored = TestItem.Create(title: "Entity List additions", dockets: ["0694-AJ35"]);

        Assert.True(Matches("rin:0694-AJ35", stored));
        Assert.False(Matches("significant:true", stored));
    }

    [Fact]
    public void Match_PresidentialSubtype_IsAType()
    {
        Assert.True(Matches("type:proclamation", Proclamation));
        Assert.True(Matches("type:\"presidential document\"", Proclamation));
        Assert.False(Matches("proclamation", Proclamation));
    }

    [Fact]
    public void Parse_UnknownField_ListsTheNewFields()
    {
        var result = RuleParser.Parse("rins:0694-AJ35");

        Assert.False(result.IsSuccess);
        Assert.Contains("rin, topic, significant", result.Error.Message, StringComparison.Ordinal);
    }
}
