using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Rules typed by any member: text the normaliser refuses, costly regexes, rules made only of negations.</summary>
public sealed class HostileRuleCommandTests : ConversationTest
{
    [Fact]
    public async Task RuleAdd_LoneSurrogateInAPhrase_SavedLikeAnySymbol()
    {
        var reply = await SayAsync("rule add odd \"entity\uD800list\"");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal("\"entity list\"", RuleParser.Parse(Assert.Single(await RulesAsync()).Expression).Expression!.ToString());
    }

    [Fact]
    public async Task RuleTest_NoncharacterInAWord_AnswersInsteadOfInternalError()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test title:\"advisory\uFFFEcommittee\"");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Contains(": 1 match,", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rule add huge /a{2147483646}a/", "Rule huge not saved: column 3: a count in {n,m} is at most 100")]
    [InlineData("rule test /a{99999999}b/", "Not tested: column 3: a count in {n,m} is at most 100")]
    [InlineData("rule test /([a-z]+\\s?){1,30}\\Z/", "Not tested: column 13: counted groups may repeat at most 12 elements")]
    public async Task RuleAddOrTest_CostlyRegex_RefusedWithTheColumnAndNothingSaved(string command, string expected)
    {
        await SayAsync("subscribe fr-bis");

        var reply = await SayAsync(command);

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith(expected, reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Empty(await RulesAsync());
    }

    [Fact]
    public async Task RuleAdd_OnlyNegations_SavedWithAOneLineWarning()
    {
        var reply = await SayAsync("rule add not-china NOT china");

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("not-china", Assert.Single(await RulesAsync()).Name);
        Assert.Equal(2, reply.Lines.Count);
        Assert.Equal("Warning: " + RuleWarnings.OnlyNegations + ".", reply.Lines[1].ToString());
    }

    [Fact]
    public async Task RuleEdit_ToOnlyNegations_ChangedWithTheWarning()
    {
        await SayAsync("rule add chips semiconduct*");

        var reply = await SayAsync("rule edit chips -china -russia");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal("Warning: " + RuleWarnings.OnlyNegations + ".", reply.Lines[^1].ToString());
    }

    [Fact]
    public async Task RuleAdd_WithARequiredTerm_HasNoWarning()
    {
        var reply = await SayAsync("rule add export-not-china export NOT china");

        Assert.Single(reply.Lines);
    }

    [Fact]
    public async Task RuleTest_OnlyNegations_EndsWithTheWarning()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test NOT china");

        Assert.Equal("Warning: " + RuleWarnings.OnlyNegations + ".", reply.Lines[^1].ToString());
    }
}
