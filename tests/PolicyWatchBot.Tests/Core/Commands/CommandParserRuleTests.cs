using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class CommandParserRuleTests
{
    private const string AiChips = "(\"advanced computing\" OR semiconduct* OR 3A090) AND agency:\"industry and security\"";

    [Fact]
    public void Parse_RuleAdd_KeepsExpressionExactly()
    {
        Assert.Equal(new ChatCommand.RuleAdd("ai-chips", AiChips), Parse("rule add ai-chips " + AiChips));
    }

    [Theory]
    [InlineData("distill*  NEAR/5   (model OR attack*)")]
    [InlineData("-correction")]
    [InlineData("\u201Centity list\u201D AND type:rule")]
    [InlineData("title:/export\\/import/ \"or\"")]
    [InlineData("a\nOR b")]
    public void Parse_RuleAddExpression_KeepsInnerSpacingQuotesAndDashes(string expression)
    {
        var command = Assert.IsType<ChatCommand.RuleAdd>(Parse($"rule add entity-list   {expression}  "));

        Assert.Equal(expression, command.Expression);
    }

    [Theory]
    [InlineData("RULE ADD AI-Chips chip*")]
    [InlineData("Rule Add ai-chips chip*")]
    [InlineData("/policywatch rule add ai-chips chip*")]
    public void Parse_RuleAddAnyCase_LowerCasesVerbAndNameOnly(string text)
    {
        Assert.Equal(new ChatCommand.RuleAdd("ai-chips", "chip*"), Parse(text));
    }

    [Fact]
    public void Parse_RuleAddUpperCaseExpression_KeepsItsCase()
    {
        var command = Assert.IsType<ChatCommand.RuleAdd>(Parse("rule add x 3A090 AND Title:Chips"));

        Assert.Equal("3A090 AND Title:Chips", command.Expression);
    }

    [Fact]
    public void Parse_RuleEdit_ReturnsNameAndExpression()
    {
        Assert.Equal(new ChatCommand.RuleEdit("entity-list", "\"entity list\" AND type:rule -correction"),
            Parse("rule edit Entity-List \"entity list\" AND type:rule -correction"));
    }

    [Fact]
    public void Parse_RuleRemove_ReturnsName()
    {
        Assert.Equal(new ChatCommand.RuleRemove("entity_list2"), Parse("rule REMOVE Entity_List2"));
    }

    [Fact]
    public void Parse_RuleTestWithoutDays_Uses90Days()
    {
        Assert.Equal(new ChatCommand.RuleTest(90, "distill* NEAR/8 model"), Parse("rule test distill* NEAR/8 model"));
    }

    [Theory]
    [InlineData("rule test --days 30 chip*", 30)]
    [InlineData("rule test --DAYS 1 chip*", 1)]
    [InlineData("rule test --days 3650 chip*", 3650)]
    [InlineData("rule test \u2014days 7 chip*", 7)]
    public void Parse_RuleTestWithDays_UsesThem(string text, int days)
    {
        Assert.Equal(new ChatCommand.RuleTest(days, "chip*"), Parse(text));
    }

    [Theory]
    [InlineData("rule test -correction", 90, "-correction")]
    [InlineData("rule test --days 14 -correction -title:notice", 14, "-correction -title:notice")]
    [InlineData("rule test -days 14", 90, "-days 14")]
    public void Parse_RuleTestExpressionStartingWithDash_IsTheExpression(string text, int days, string expression)
    {
        Assert.Equal(new ChatCommand.RuleTest(days, expression), Parse(text));
    }

    private static ChatCommand Parse(string text)
    {
        var result = CommandParser.Parse(text);
        Assert.True(result.IsSuccess, result.Error);
        return result.Command;
    }
}
