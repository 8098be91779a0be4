using System.Text;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core;

namespace PolicyWatchBot.Tests.Core;

public sealed class WellFormedTextTests
{
    [Theory]
    // Escaped: test data with lone surrogates does not survive the runner's serialisation.
    [InlineData(@"a\uD800b", @"a\uFFFDb")]
    [InlineData(@"\uDC00", @"\uFFFD")]
    [InlineData(@"x\uD800", @"x\uFFFD")]
    [InlineData(@"\uDC00\uD800", @"\uFFFD\uFFFD")]
    [InlineData(@"a\uFFFEb", @"a\uFFFDb")]
    [InlineData(@"\uFFFF\uFDD0\uFDEF", @"\uFFFD\uFFFD\uFFFD")]
    [InlineData(@"\uD83F\uDFFE", @"\uFFFD\uFFFD")] // U+1FFFE, a noncharacter above the BMP
    public void Of_LoneSurrogateOrNoncharacter_IsReplacedKeepingTheLength(string escaped, string escapedExpected)
    {
        var text = Regex.Unescape(escaped);
        var expected = Regex.Unescape(escapedExpected);

        var wellFormed = WellFormedText.Of(text);

        Assert.Equal(expected, wellFormed);
        Assert.True(WellFormedText.IsWellFormed(wellFormed));
        Assert.Equal(wellFormed.Normalize(NormalizationForm.FormKD), wellFormed.Normalize(NormalizationForm.FormKD));
    }

    [Theory]
    [InlineData("export controls")]
    [InlineData("Ⅻ café 漢字 😀")]
    [InlineData("\uFDCF\uFDF0\uFFFD")]
    public void Of_WellFormedText_IsTheSameInstance(string text)
    {
        Assert.Same(text, WellFormedText.Of(text));
        Assert.True(WellFormedText.IsWellFormed(text));
    }

    [Fact]
    public void Of_TextTheNormaliserRefuses_CanBeNormalisedAfterwards()
    {
        var text = "Entity \uD800List \uFFFE additions";
        Assert.Throws<ArgumentException>(() => text.Normalize(NormalizationForm.FormKD));

        Assert.Equal("Entity \uFFFDList \uFFFD additions", WellFormedText.Of(text).Normalize(NormalizationForm.FormKD));
    }
}
