using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

/// <summary>The noise-tier verbs: rule add --urgent, rule urgent, rule notify, flood.</summary>
public sealed class CommandParserNoiseTests
{
    [Theory]
    [InlineData("rule add entity-list --urgent \"entity list\"")]
    [InlineData("rule add --urgent entity-list \"entity list\"")]
    [InlineData("rule add entity-list \u2014urgent \"entity list\"")]
    public void Parse_RuleAddUrgent_AnUrgentRuleWithTheExpressionAfterTheOption(string text)
    {
        Assert.Equal(new ChatCommand.RuleAdd("entity-list", "\"entity list\"", Urgent: true), Parse(text));
    }

    [Fact]
    public void Parse_RuleAddWithoutTheOption_NotUrgent()
    {
        Assert.False(Assert.IsType<ChatCommand.RuleAdd>(Parse("rule add chips chip* -urgent")).Urgent);
    }

    [Theory]
    [InlineData("rule urgent ai-chips on", true)]
    [InlineData("rule urgent AI-Chips OFF", false)]
    public void Parse_RuleUrgent_NameAndState(string text, bool urgent)
    {
        Assert.Equal(new ChatCommand.RuleUrgent("ai-chips", urgent), Parse(text));
    }

    [Theory]
    [InlineData("rule urgent ai-chips", "needs on or off after the rule name 'ai-chips'")]
    [InlineData("rule urgent ai-chips maybe", "'maybe' is not on or off")]
    [InlineData("rule urgent ai-chips on now", "takes a rule name and on or off")]
    [InlineData("rule urgent", "'rule urgent' needs a rule name")]
    public void Parse_RuleUrgentBad_OneLineAndItsUsage(string text, string error)
    {
        var result = CommandParser.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        Assert.Equal("rule urgent NAME on|off", result.Usage);
    }

    [Fact]
    public void Parse_RuleNotify_TheMentionAsTypedOrOff()
    {
        Assert.Equal(new ChatCommand.RuleNotify("entity-list", "<!subteam^S0123|@legal>"), Parse("rule notify entity-list <!subteam^S0123|@legal>"));
        Assert.Equal(new ChatCommand.RuleNotify("entity-list", null), Parse("rule notify entity-list OFF"));
    }

    [Theory]
    [InlineData("rule notify entity-list", "needs a user group or user to ping")]
    [InlineData("rule notify entity-list @a @b", "takes one user group or user")]
    public void Parse_RuleNotifyBad_Refused(string text, string error)
    {
        var result = CommandParser.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Flood_TheThreshold()
    {
        Assert.Equal(new ChatCommand.Flood(10), Parse("flood 10"));
    }

    [Theory]
    [InlineData("flood", "needs a number of alerts from 1 to 100")]
    [InlineData("flood 0", "'0' is not a number of alerts from 1 to 100")]
    [InlineData("flood 101", "'101' is not a number")]
    [InlineData("flood ten", "'ten' is not a number")]
    [InlineData("flood 5 6", "takes one number")]
    public void Parse_FloodBad_Refused(string text, string error)
    {
        var result = CommandParser.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        Assert.Equal("flood N", result.Usage);
    }

    [Fact]
    public void ChangesSetup_EveryNoiseVerb_ManagersOnly()
    {
        Assert.True(Parse("rule urgent a on").ChangesSetup);
        Assert.True(Parse("rule notify a off").ChangesSetup);
        Assert.True(Parse("flood 3").ChangesSetup);
    }

    private static ChatCommand Parse(string text)
    {
        var result = CommandParser.Parse(text);
        Assert.True(result.IsSuccess, result.Error);
        return result.Command!;
    }
}
