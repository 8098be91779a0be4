using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Tests.Core.Alerts;

public sealed class SummaryCutterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Cut_NoText_ReturnsNull(string? text)
    {
        Assert.Null(SummaryCutter.Cut(text));
    }

    [Fact]
    public void Cut_ShortText_KeepsIt()
    {
        const string text = "BIS adds 12 entities to the Entity List. The rule is effective today.";

        Assert.Equal(text, SummaryCutter.Cut(text));
    }

    [Fact]
    public void Cut_ShortTextWithLineBreaks_CollapsesWhitespace()
    {
        Assert.Equal("One line. Two lines.", SummaryCutter.Cut("One  line.\r\n\tTwo lines."));
    }

    [Fact]
    public void Cut_LongText_CutsAtLastSentenceEndWithinLimit()
    {
        var text = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Sentence number {i} ends here."));

        var cut = SummaryCutter.Cut(text, maxLength: 200)!;

        Assert.True(cut.Length <= 200, $"length {cut.Length}");
        Assert.EndsWith("ends here.", cut, StringComparison.Ordinal);
        Assert.StartsWith(cut, text, StringComparison.Ordinal);
        Assert.Equal(' ', text[cut.Length]);
    }

    [Fact]
    public void Cut_LongText_KeepsAsManySentencesAsFit()
    {
        var text = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Sentence number {i} ends here."));

        var cut = SummaryCutter.Cut(text, maxLength: 200)!;
        var nextSentenceEnd = text.IndexOf('.', cut.Length) + 1;

        Assert.True(nextSentenceEnd > 200, "a further whole sentence would have fitted");
    }

    [Fact]
    public void Cut_UsAbbreviationBeforeLimit_IsNotASentenceEnd()
    {
        const string first = "The Bureau of Industry and Security amends the Export Administration Regulations.";
        var text = first + " The rule restricts exports by U.S. persons of advanced computing items and semiconductor manufacturing equipment.";
        var maxLength = text.IndexOf("U.S.", StringComparison.Ordinal) + 12;

        Assert.Equal(first, SummaryCutter.Cut(text, maxLength));
    }

    [Fact]
    public void Cut_UsAbbreviationEndingExactlyAtLimit_IsNotASentenceEnd()
    {
        var text = "The rule restricts exports by U.S. persons of advanced computing items and semiconductor manufacturing equipment";
        var maxLength = text.IndexOf("U.S.", StringComparison.Ordinal) + "U.S.".Length;

        Assert.Equal("The rule restricts exports by…", SummaryCutter.Cut(text, maxLength));
    }

    [Fact]
    public void Cut_DecimalPointAtLimit_IsNotASentenceEnd()
    {
        var text = "The rule covers items worth more than $1.5 billion in annual exports to the listed destinations";
        var maxLength = text.IndexOf("1.5", StringComparison.Ordinal) + 2;

        Assert.Equal("The rule covers items worth more than…", SummaryCutter.Cut(text, maxLength));
    }

    [Fact]
    public void Cut_SentenceEndingExactlyAtLimit_KeepsThatSentence()
    {
        const string first = "The Bureau of Industry and Security amends the Export Administration Regulations.";
        const string second = "The rule takes effect today.";
        var text = first + " " + second + " A third sentence follows and makes the text too long.";

        Assert.Equal(first + " " + second, SummaryCutter.Cut(text, first.Length + 1 + second.Length));
    }

    [Fact]
    public void Cut_NoSentenceEnd_CutsAtAWordAndAddsEllipsis()
    {
        var text = string.Join(' ', Enumerable.Repeat("semiconductor export controls", 40));

        var cut = SummaryCutter.Cut(text, maxLength: 100)!;
        var kept = cut[..^1];

        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.True(cut.Length <= 100, $"length {cut.Length}");
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.Equal(' ', text[kept.Length]);
    }

    [Fact]
    public void Cut_NoSentenceEnd_DropsTrailingPunctuationBeforeEllipsis()
    {
        var text = string.Join(' ', Enumerable.Repeat("entities, persons;", 40));

        var cut = SummaryCutter.Cut(text, maxLength: 100)!;

        Assert.DoesNotMatch("[,;: ]…$", cut);
    }

    [Fact]
    public void Cut_SentenceEndTooEarly_CutsAtAWordInstead()
    {
        var text = "Short. " + string.Join(' ', Enumerable.Repeat("word", 100));

        var cut = SummaryCutter.Cut(text, maxLength: 120)!;

        Assert.EndsWith("word…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_DefaultLimit_IsAtMost600Characters()
    {
        var text = string.Join(' ', Enumerable.Repeat("A sentence about export controls.", 100));

        Assert.True(SummaryCutter.Cut(text)!.Length <= SummaryCutter.DefaultMaxLength);
    }
}
