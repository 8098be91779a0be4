using PolicyWatchBot.Chat.Slack;

namespace PolicyWatchBot.Tests.Slack;

public sealed class SlackTextTests
{
    [Theory]
    [InlineData("<!channel> urgent", "&lt;!channel&gt; urgent")]
    [InlineData("<@U123>", "&lt;@U123&gt;")]
    [InlineData("<https://evil|click>", "&lt;https://evil|click&gt;")]
    [InlineData("AT&T &amp; co", "AT&amp;T &amp;amp; co")]
    [InlineData("plain *bold* text", "plain *bold* text")]
    public void Escape_ControlCharacters_BecomeEntities(string text, string expected) =>
        Assert.Equal(expected, SlackText.Escape(text));

    [Theory]
    [InlineData("rule add x title:&lt;tag&gt; &amp; more", "rule add x title:<tag> & more")]
    [InlineData("&amp;lt;", "&lt;")]
    [InlineData("a & b", "a & b")]
    [InlineData("&quot;", "&quot;")]
    public void Unescape_SlashCommandText_OnePass(string text, string expected) =>
        Assert.Equal(expected, SlackText.Unescape(text));

    [Fact]
    public void Link_LabelWithPipeAndBrackets_CannotEndTheLinkEarly()
    {
        var link = SlackText.Link("https://example.org/a?b=1&c=2", "x|<https://evil|click>");

        Assert.StartsWith("<https://example.org/a?b=1&amp;c=2|", link, StringComparison.Ordinal);
        Assert.Equal(1, link.Count(c => c == '|'));
        Assert.Equal(1, link.Count(c => c == '<'));
        Assert.EndsWith(">", link, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    public void Link_NotHttp_OnlyTheEscapedLabel(string url) =>
        Assert.Equal("&lt;b&gt;", SlackText.Link(url, "<b>"));

    [Fact]
    public void Cut_InsideAnEntity_CutsBeforeIt()
    {
        var cut = SlackText.Cut("abcdef&amp;ghij", 9);

        Assert.Equal("abcdef…", cut);
    }

    [Fact]
    public void Bold_TextWithAsterisks_StaysOneBoldRun() =>
        Assert.Equal("*a b*", SlackText.Bold("*a* b"));
}
