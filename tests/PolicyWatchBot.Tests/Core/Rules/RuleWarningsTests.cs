using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

public sealed class RuleWarningsTests
{
    [Theory]
    [InlineData("NOT china")]
    [InlineData("-china -russia")]
    [InlineData("NOT china OR NOT russia")]
    [InlineData("NOT (china AND russia)")]
    [InlineData("-title:(china OR /russia/)")]
    [InlineData("NOT china OR russia")]
    [InlineData("export OR NOT china")]
    [InlineData("NOT (export AND NOT china)")]
    [InlineData("title:(NOT china)")]
    public void For_MatchesAnItemWithNoneOfItsWords_WarnsItMatchesAlmostEverything(string expression)
    {
        Assert.Equal(RuleWarnings.OnlyNegations, RuleWarnings.For(RuleParser.Parse(expression).Expression!));
    }

    [Theory]
    [InlineData("export NOT china")]
    [InlineData("NOT NOT china")]
    [InlineData("/entity/ -correction")]
    [InlineData("chip NEAR/3 export")]
    [InlineData("(export OR NOT china) entity")]
    [InlineData("NOT (NOT export OR china)")]
    public void For_SomeRequiredTerm_HasNoWarning(string expression)
    {
        Assert.Null(RuleWarnings.For(RuleParser.Parse(expression).Expression!));
    }
}
