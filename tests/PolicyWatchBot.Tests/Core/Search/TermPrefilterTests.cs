using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Search;

namespace PolicyWatchBot.Tests.Core.Search;

/// <summary>The condition over indexed terms a rule gives a backtest: what every item it matches must hold.</summary>
public sealed class TermPrefilterTests
{
    private const string Text = "{Title Summary Action Extra}";

    [Theory]
    [InlineData("chip", Text + ":(chip)")]
    [InlineData("Semiconduct*", Text + ":(semiconduct*)")]
    [InlineData("\"entity list\"", Text + ":(entity list)")]
    [InlineData("dual-use", Text + ":(dual use)")]
    [InlineData("title:huawei", "{Title}:(huawei)")]
    [InlineData("agency:\"industry and security\"", "{Agency}:(industry and security)")]
    [InlineData("export AND china", "ALL(" + Text + ":(export), " + Text + ":(china))")]
    [InlineData("export OR title:import*", "ANY(" + Text + ":(export), {Title}:(import*))")]
    [InlineData("knowledge NEAR/3 (distill* OR extract*)", "ALL(" + Text + ":(knowledge), ANY(" + Text + ":(distill*), " + Text + ":(extract*)))")]
    [InlineData("type:rule -type:proposed", "{Type}:(rule)")]
    [InlineData("chip /3A09\\d/", Text + ":(chip)")]
    [InlineData("chip -body:chip", Text + ":(chip)")]
    [InlineData("(chip OR /3A09\\d/) AND export", Text + ":(export)")]
    public void Of_TermsTheMatchNeeds_AreTheCondition(string expression, string condition)
    {
        Assert.Equal(condition, TermPrefilter.Of(Parse(expression))?.ToString());
    }

    [Theory]
    [InlineData("/3A09\\d/")]
    [InlineData("NOT correction")]
    [InlineData("-correction -notice")]
    [InlineData("export OR NOT china")]
    [InlineData("export OR /3A09\\d/")]
    [InlineData("body:\"entity list\"")]
    [InlineData("export OR body:chip")]
    public void Of_ExpressionThatCanMatchWithoutAnIndexedTerm_HasNoCondition(string expression)
    {
        Assert.Null(TermPrefilter.Of(Parse(expression)));
    }

    [Fact]
    public void IndexedTerms_Item_HoldsTheMatchersTokensPerFieldAndNoFullText()
    {
        var item = PolicyWatchBot.Tests.Storage.StoreTestData.Item(title: "Additions to the Entity-List") with
        {
            Agencies = ["Industry and Security Bureau", "Commerce Department"],
            Body = "full text never indexed",
        };

        var columns = IndexedTerms.Of(item);

        Assert.Equal("additions to the entity list", columns[Column(ItemField.Title)]);
        Assert.Equal("industry and security bureau commerce department", columns[Column(ItemField.Agency)]);
        Assert.DoesNotContain(ItemField.Body, IndexedTerms.Fields);
        Assert.DoesNotContain(columns, c => c.Contains("never", StringComparison.Ordinal));
    }

    private static int Column(ItemField field) => IndexedTerms.Fields.ToList().IndexOf(field);

    private static RuleNode Parse(string expression) => RuleParser.Parse(expression).Expression!;
}
