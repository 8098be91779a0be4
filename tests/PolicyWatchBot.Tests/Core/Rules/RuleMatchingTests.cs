using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>Behaviour of each form of docs/rules.md, checked through both <see cref="RuleSet"/> and <see cref="CompiledRule"/>.</summary>
public sealed class RuleMatchingTests
{
    private static readonly FeedItem BisRule = TestItem.Create(
        title: "Additions to the Entity List; Revisions to Semiconductor Export Controls",
        summary: "The Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) for advanced computing items (3A090.a) and dual-use items of the U.S.",
        action: "Final rule.",
        type: "Rule",
        agencies: ["Industry and Security Bureau", "Bureau of Industry and Security", "Commerce Department"],
        cfr: ["15 CFR 744", "15 CFR 734"],
        dockets: ["BIS-2024-0001", "0694-AJ35"],
        feed: "fr-bis",
        jurisdiction: "us");

    private static readonly FeedItem ProposedRule = TestItem.Create(
        title: "Medicare Program; Hospital Payment",
        summary: "This proposed rule would revise payments.",
        action: "Proposed rule.",
        type: "Proposed Rule",
        agencies: ["Centers for Medicare & Medicaid Services"],
        jurisdiction: "us");

    private static bool Matches(string expression, FeedItem item)
    {
        var rule = new RuleDefinition("r", expression);
        var fromSet = RuleSet.Compile([rule]).Match(item);
        var single = CompiledRule.Compile(rule).Match(item);
        Assert.Equal(single is not null, fromSet.Count == 1);
        return fromSet.Count == 1;
    }

    [Theory]
    [InlineData("(\"advanced computing\" OR semiconduct* OR \"3A090\" OR \"4A090\") AND agency:\"industry and security\"", true)]
    [InlineData("\"entity list\" AND type:rule -correction", true)]
    [InlineData("\"entity list\" AND type:rule -revisions", false)]
    [InlineData("jurisdiction:(nl OR jp OR uk) AND (lithography OR \"export control\" OR \"export controls\")", false)]
    [InlineData("jurisdiction:(nl OR jp OR us) AND (lithography OR \"export control\" OR \"export controls\")", true)]
    public void Match_RulesDocExamples_BehaveAsDocumented(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Fact]
    public void Match_DistillationExample_MatchesWithinEightTokens()
    {
        var near = TestItem.Create("Notice", summary: "Attempts to distill frontier AI models by extraction attacks");
        var far = TestItem.Create("Notice", summary: "We distill water. One two three four five six seven eight nine model");
        Assert.True(Matches("distill* NEAR/8 (model OR attack* OR extract*)", near));
        Assert.False(Matches("distill* NEAR/8 (model OR attack* OR extract*)", far));
    }

    [Theory]
    [InlineData("semiconductor", true)]
    [InlineData("semiconduct*", true)]
    [InlineData("SEMICONDUCT*", true)]
    [InlineData("semiconductors", false)]
    [InlineData("semiconductorz*", false)]
    [InlineData("conductor", false)]
    public void Match_WordsAndPrefixes_MatchWholeTokensOrTokenStarts(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Theory]
    [InlineData("\"entity list\"", true)]
    [InlineData("\"Entity-List\"", true)]
    [InlineData("entity-list", true)]
    [InlineData("\"list entity\"", false)]
    [InlineData("U.S.", true)]
    [InlineData("\"3A090.a\"", true)]
    [InlineData("3A090", true)]
    [InlineData("dual-use", true)]
    [InlineData("Dual-Use", true)]
    [InlineData("dualuse", false)]
    public void Match_Phrases_MatchConsecutiveTokens(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Fact]
    public void Match_PhraseAcrossTitleAndSummary_DoesNotMatch()
    {
        var item = TestItem.Create("Rules on export", summary: "controls for chips");
        Assert.False(Matches("\"export controls\"", item));
        Assert.True(Matches("export controls", item));
    }

    [Fact]
    public void Match_PhraseAcrossTwoAgencies_DoesNotMatch()
    {
        var item = TestItem.Create("x", agencies: ["Commerce Department", "Industry and Security Bureau"]);
        Assert.False(Matches("agency:\"department industry\"", item));
        Assert.True(Matches("agency:\"industry and security\"", item));
    }

    [Theory]
    [InlineData("NOT medicare OR chip", true)]
    [InlineData("NOT entity OR chip", false)]
    [InlineData("entity chip OR medicare", false)]
    [InlineData("entity chip OR bureau", true)]
    [InlineData("entity AND (chip OR bureau)", true)]
    public void Match_Precedence_NotBindsTighterAndAndBeforeOr(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Theory]
    [InlineData("-correction", true)]
    [InlineData("-correction -medicare", true)]
    [InlineData("-entity", false)]
    [InlineData("NOT (entity OR medicare)", false)]
    public void Match_OnlyNegations_MatchItemsLackingTheWords(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Theory]
    [InlineData("title:entity", true)]
    [InlineData("title:bureau", false)]
    [InlineData("summary:bureau", true)]
    [InlineData("summary:entity", false)]
    [InlineData("text:final", true)] // action is part of the default field
    [InlineData("final", true)]
    [InlineData("title:final", false)]
    [InlineData("agency:commerce", true)]
    [InlineData("commerce", false)] // agencies are not in the default field
    [InlineData("type:rule", true)]
    [InlineData("cfr:\"15 CFR 744\"", true)]
    [InlineData("cfr:744", true)]
    [InlineData("cfr:\"CFR 744 15\"", false)]
    [InlineData("docket:\"0694-AJ35\"", true)]
    [InlineData("docket:BIS-2024-0001", true)]
    [InlineData("feed:fr-bis", true)]
    [InlineData("feed:\"fr-all\"", false)]
    [InlineData("jurisdiction:us", true)]
    [InlineData("jurisdiction:uk", false)]
    [InlineData("Title:Entity", true)]
    public void Match_Fields_SearchOnlyTheirValues(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Theory]
    [InlineData("-title:entity", false)]
    [InlineData("-title:bureau", true)]
    [InlineData("-title:bureau bureau", true)]
    public void Match_NegatedField_NegatesTheScopedTerm(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Fact]
    public void Match_TypeRuleWithoutProposed_MatchesFinalRulesOnly()
    {
        Assert.True(Matches("type:rule", ProposedRule));
        Assert.False(Matches("type:rule -type:proposed", ProposedRule));
        Assert.True(Matches("type:rule -type:proposed", BisRule));
    }

    [Theory]
    [InlineData("alpha NEAR/1 beta", true)] // adjacent
    [InlineData("beta NEAR/1 alpha", true)] // either order
    [InlineData("alpha NEAR/3 delta", true)] // exactly n
    [InlineData("alpha NEAR/2 delta", false)] // n + 1 apart
    [InlineData("delta NEAR/2 alpha", false)]
    [InlineData("alpha NEAR/5 alpha", false)] // one token is not two
    [InlineData("\"alpha beta\" NEAR/1 gamma", true)] // some token of the phrase
    [InlineData("\"alpha beta\" NEAR/2 delta", true)]
    [InlineData("\"alpha beta\" NEAR/1 delta", false)]
    [InlineData("alp* NEAR/3 (delta OR zeta)", true)]
    [InlineData("title:alpha NEAR/3 delta", true)]
    [InlineData("summary:alpha NEAR/3 delta", false)]
    public void Match_Near_CountsPositionDifferencesFromOneToN(string expression, bool expected)
    {
        var item = TestItem.Create("Alpha beta gamma delta");
        Assert.Equal(expected, Matches(expression, item));
    }

    [Fact]
    public void Match_NearAcrossValues_DoesNotMatch()
    {
        var item = TestItem.Create("model weights", summary: "distillation of frontier systems");
        Assert.False(Matches("distill* NEAR/5 model", item));
        Assert.True(Matches("distill* model", item));
    }

    [Theory]
    [InlineData("輸出", true)]
    [InlineData("\"出 管\"", true)]
    [InlineData("管", true)]
    [InlineData("出輸", false)]
    [InlineData("半導体 NEAR/2 輸出", true)]
    public void Match_HanText_MatchesCharacterTokens(string expression, bool expected)
    {
        var item = TestItem.Create("半導体の輸出管理", jurisdiction: "jp");
        Assert.Equal(expected, Matches(expression, item));
    }

    [Theory]
    [InlineData("“entity list”", true)]
    [InlineData("”entity list”", true)]
    public void Match_CurlyQuotes_CountAsStraightQuotes(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Theory]
    [InlineData("cafe", true)]
    [InlineData("Café", true)]
    [InlineData("\"reseau electrique\"", true)]
    [InlineData("ＤＵＡＬ", true)]
    public void Match_Normalisation_FoldsAccentsAndWidthOnBothSides(string expression, bool expected)
    {
        var item = TestItem.Create("Café du Réseau Électrique", summary: "Dual-Use");
        Assert.Equal(expected, Matches(expression, item));
    }

    [Theory]
    [InlineData("/3A090\\.a/", true)] // raw text, not tokens
    [InlineData("/entity\\s+list/", true)]
    [InlineData("/ENTITY LIST/", true)] // case-insensitive
    [InlineData("/Export Administration Regulations \\(EAR\\)/", true)]
    [InlineData("/Commerce/", false)] // agencies are not in the default field
    [InlineData("agency:/Commerce/", true)]
    [InlineData("title:/Bureau/", false)]
    [InlineData("cfr:/^15 CFR 744$/", true)]
    [InlineData("/Controls\\s*The Bureau/", false)] // a regex never spans two values (title, summary)
    public void Match_Regex_RunsOnRawTextOfScopedValues(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, BisRule));
    }

    [Fact]
    public void Match_RegexWithEscapedSlash_MatchesSlash()
    {
        var item = TestItem.Create("Docket EAR/2024 update");
        Assert.True(Matches("/ear\\/20\\d\\d/", item));
        Assert.False(Matches("/ear\\/19\\d\\d/", item));
    }

    [Fact]
    public void Match_RegexOnly_IsEvaluatedForEveryItem()
    {
        var rules = RuleSet.Compile([new RuleDefinition("re", "/medicare/"), new RuleDefinition("neg", "-zzz"), new RuleDefinition("w", "medicare")]);
        Assert.Equal(2, rules.AlwaysEvaluatedCount);
        Assert.Equal(["re", "neg", "w"], rules.Match(ProposedRule).Select(m => m.RuleName));
    }

    [Fact]
    public void Match_QuotedOperatorWord_MatchesTheWord()
    {
        var item = TestItem.Create("Goods near the border or at sea");
        Assert.True(Matches("\"near\" \"or\"", item));
        Assert.False(Matches("\"and\"", item));
    }
}
