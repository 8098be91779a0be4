using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

public sealed class TextTokenizerTests
{
    [Theory]
    [InlineData("Dual-Use", "dual|use")]
    [InlineData("15 CFR 744.21", "15|cfr|744|21")]
    [InlineData("3A090.a", "3a090|a")]
    [InlineData("U.S.", "u|s")]
    [InlineData("  Entity   List ", "entity|list")]
    [InlineData("", "")]
    [InlineData("--- ... ---", "")]
    public void Tokenize_AsciiText_SplitsOnNonLettersAndLowerCases(string text, string expected)
    {
        Assert.Equal(expected, string.Join('|', TextTokenizer.Tokenize(text)));
    }

    [Theory]
    [InlineData("Résumé", "resume")]
    [InlineData("NAÏVE Café", "naive|cafe")]
    [InlineData("ＡＢＣ１２３", "abc123")] // full-width forms fold under NFKD
    [InlineData("ﬁnance", "finance")] // ligature fi
    [InlineData("Straße", "straße")]
    [InlineData("Zürich-Ost", "zurich|ost")]
    public void Tokenize_UnicodeText_NormalisesAccentsAndCompatibilityForms(string text, string expected)
    {
        Assert.Equal(expected, string.Join('|', TextTokenizer.Tokenize(text)));
    }

    [Theory]
    [InlineData("輸出管理", "輸|出|管|理")]
    [InlineData("経済産業省 METI", "経|済|産|業|省|meti")]
    [InlineData("ひらがなカタカナ", "ひ|ら|か|な|カ|タ|カ|ナ")] // が loses its voicing mark (Mn) under NFKD
    [InlineData("AI半導体2024", "ai|半|導|体|2024")]
    [InlineData("반도체 수출", "반도체|수출")] // Hangul is spaced: runs stay whole (as NFKD jamo)
    public void Tokenize_HanAndKana_EachCharacterIsAToken(string text, string expected)
    {
        var normalizedExpected = expected.Normalize(System.Text.NormalizationForm.FormKD);
        Assert.Equal(normalizedExpected, string.Join('|', TextTokenizer.Tokenize(text)));
    }

    [Fact]
    public void Tokenize_KatakanaMiddleDot_SeparatesWithoutToken()
    {
        Assert.Equal(["ア", "イ"], TextTokenizer.Tokenize("ア・イ"));
    }

    [Theory]
    [InlineData("Export-Controls on 3A090!", "Export|Controls|on|3A090")]
    [InlineData("Ａｃｍｅ Résumé  ﬁle", "Ａｃｍｅ|Résumé|ﬁle")]
    [InlineData("日本の輸出", "日|本|の|輸|出")]
    public void TokenSpans_EachToken_IsWhereItIsInTheText(string text, string expected)
    {
        var tokens = TextTokenizer.Tokenize(text);

        var spans = TextTokenizer.TokenSpans(text, tokens.Count)!;

        Assert.Equal(expected, string.Join('|', spans.Select(s => text.Substring(s.Start, s.Length))));
    }
}
