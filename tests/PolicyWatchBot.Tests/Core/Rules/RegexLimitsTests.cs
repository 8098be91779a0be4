using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>Rule regexes are bounded before a Regex is built: counts, pattern size, counted groups.</summary>
public sealed class RegexLimitsTests
{
    private static RuleParseError Refused(string expression)
    {
        var result = RuleParser.Parse(expression);
        Assert.False(result.IsSuccess, $"'{expression}' parsed as {result.Expression}");
        return result.Error;
    }

    [Theory]
    [InlineData("/a{2147483646}a/", 3)]
    [InlineData("/aaa{2147483646}/", 5)]
    [InlineData("/a{999999999}b/", 3)]
    [InlineData("/a{99999999}b/", 3)]
    [InlineData("/a{101}/", 3)]
    [InlineData("/a{1,101}/", 3)]
    [InlineData("/a{101,}/", 3)]
    [InlineData("export /x\\/y{0,500}/", 13)]
    [InlineData("title:/[a-z]{200}/", 13)]
    public void Parse_CountAboveTheBound_IsRefusedAtTheCount(string expression, int column)
    {
        var error = Refused(expression);

        Assert.Equal(column, error.Column);
        Assert.Contains($"a count in {{n,m}} is at most {RegexLimits.MaxRepetition}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a{2147483646}a/")]
    [InlineData("/a{999999999}b/")]
    [InlineData("/([a-z]+\\s?){1,30}\\Z/")]
    [InlineData("/((\\w+\\s?){1,10}){1,10}\\Z/")]
    public void Parse_CostlyRegex_IsRefusedWithoutBuildingIt(string expression)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        Refused(expression);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "refusing the pattern allocated more than 1 MB");
    }

    [Theory]
    [InlineData("/([a-z]+\\s?){1,30}\\Z/", 13)]
    [InlineData("/((\\w+\\s?){1,3}){1,3}\\Z/", 17)]
    [InlineData("/(.{0,20}){5}z/", 11)]
    [InlineData("/(\\w+\\s?){0,6}(\\w+\\s?){0,6}(\\w+\\s?){0,6}\\Z/", 23)]
    [InlineData("/(?:[a-z]+|\\s){12}\\Z/", 15)]
    public void Parse_CountedGroupRepeatingTooMuch_IsRefusedAtItsCount(string expression, int column)
    {
        var error = Refused(expression);

        Assert.Equal(column, error.Column);
        Assert.Contains($"counted groups may repeat at most {RegexLimits.MaxCountedGroupElements} elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PatternLongerThanTheLimit_IsRefusedAtTheFirstCharacterPastIt()
    {
        var error = Refused("/" + new string('a', RegexLimits.MaxPatternLength + 1) + "/");

        Assert.Equal(RegexLimits.MaxPatternLength + 2, error.Column);
        Assert.Contains($"at most {RegexLimits.MaxPatternLength} are allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyElementsOnceCountsAreMultipliedOut_IsRefused()
    {
        var error = Refused("/[a-z]{0,100}[a-z ]{0,100}[a-z,]{0,100}q/");

        Assert.Equal(2, error.Column);
        Assert.Contains($"at most {RegexLimits.MaxElements} are allowed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/\\d{4}-\\d{2}-\\d{2}/")]
    [InlineData("/export.{0,100}china/")]
    [InlineData("/(\\w+\\s+){0,6}license/")]
    [InlineData("/[A-Z]{2,5}-?\\d{3,6}/")]
    [InlineData("/(?:ab){1,6}/")]
    [InlineData("/(x){50}/")]
    [InlineData("/a{,5}/")]
    [InlineData("/a{x}/")]
    [InlineData("/[{]{100}/")]
    [InlineData("/\\{1000\\}/")]
    [InlineData("/(?#a comment {999})b/")]
    [InlineData("/[a-z-[aeiou]]{1,100}/")]
    [InlineData("/\\p{Lu}{1,100}/")]
    [InlineData("/(?<year>\\d{4})/")]
    public void Parse_RegexWithinTheLimits_IsAccepted(string expression)
    {
        var result = RuleParser.Parse(expression);

        Assert.True(result.IsSuccess, result.Error?.Text);
        Assert.Equal(RegexLimits.MatchTimeout, Assert.IsType<RegexNode>(result.Expression).Regex.MatchTimeout);
    }
}
