using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

public sealed class RuleFieldUseTests
{
    [Theory]
    [InlineData("body:\"Entity List\"")]
    [InlineData("export AND body:huawei")]
    [InlineData("NOT body:(huawei OR smic)")]
    [InlineData("title:chip NEAR/3 body:export")]
    [InlineData("title:(chip OR body:/entit(y|ies)/)")]
    public void Names_ExpressionWithABodyPart_SaysSo(string expression)
    {
        Assert.True(RuleFieldUse.Names(RuleParser.Parse(expression).Expression!, RuleField.Body));
    }

    [Theory]
    [InlineData("\"Entity List\"")]
    [InlineData("title:huawei OR summary:smic")]
    [InlineData("chip NEAR/3 export")]
    [InlineData("NOT agency:\"industry and security\"")]
    public void Names_ExpressionWithoutABodyPart_SaysNo(string expression)
    {
        Assert.False(RuleFieldUse.Names(RuleParser.Parse(expression).Expression!, RuleField.Body));
    }
}
