using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class RuleNameTests
{
    private const string Allowed = "rule names are 1 to 40 letters, digits, '-' and '_', starting with a letter or digit";

    [Theory]
    [InlineData("ai-chips", "ai-chips")]
    [InlineData("AI-Chips", "ai-chips")]
    [InlineData("  entity_list ", "entity_list")]
    [InlineData("3a090", "3a090")]
    [InlineData("x", "x")]
    [InlineData("Ausfuhrkontrolle-Ä", "ausfuhrkontrolle-ä")]
    [InlineData("輸出管理", "輸出管理")]
    public void Validate_ValidName_ReturnsLowerCaseName(string typed, string expected)
    {
        var result = RuleName.Validate(typed);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Name);
    }

    [Fact]
    public void Validate_DecomposedAccent_IsStoredComposed()
    {
        Assert.Equal("r\u00E9gle", RuleName.Validate("re\u0301gle").Name);
    }

    [Fact]
    public void Validate_40Characters_IsValid()
    {
        Assert.Equal(new string('a', 40), RuleName.Validate(new string('A', 40)).Name);
    }

    [Fact]
    public void Validate_41Characters_IsRefusedWithLength()
    {
        var result = RuleName.Validate(new string('a', 41));

        Assert.False(result.IsValid);
        Assert.Equal($"the rule name '{new string('a', 40)}…' is 41 characters long; the limit is 40", result.Error);
    }

    [Theory]
    [InlineData("ai chips", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("\"ai chips\"", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("\u201CAI Chips\u201D", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("Entity   List", "rule names cannot contain spaces: use entity-list")]
    [InlineData("ai chips!", "rule names cannot contain spaces; " + Allowed)]
    [InlineData("\"ai-chips\"", "rule names are written without quotes: use ai-chips")]
    [InlineData("", "a rule name is missing; " + Allowed)]
    [InlineData("   ", "a rule name is missing; " + Allowed)]
    [InlineData("\"\"", "a rule name is missing; " + Allowed)]
    [InlineData("_private", "the rule name '_private' starts with '_'; " + Allowed)]
    [InlineData("ai/chips", "the rule name 'ai/chips' contains '/'; " + Allowed)]
    [InlineData("chips🚀", "the rule name contains a symbol; " + Allowed)]
    public void Validate_InvalidName_ExplainsTheFix(string typed, string error)
    {
        var result = RuleName.Validate(typed);

        Assert.False(result.IsValid);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Validate_Null_IsMissing()
    {
        Assert.Equal("a rule name is missing; " + Allowed, RuleName.Validate(null).Error);
    }

    [Fact]
    public void Validate_LoneSurrogate_IsRefusedWithoutThrowing()
    {
        Assert.False(RuleName.Validate("ai\uD800chips").IsValid);
    }

    [Theory]
    [InlineData("AI-Chips", "ai-chips")]
    [InlineData("ai chips", null)]
    public void Normalize_Typed_ReturnsNameOrNull(string typed, string? expected)
    {
        Assert.Equal(expected, RuleName.Normalize(typed));
    }
}
