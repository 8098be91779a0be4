using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("<p>Hello <b>world</b></p><p>again</p>", "Hello world again")]
    [InlineData("  Model   extraction\n    attacks  ", "Model extraction attacks")]
    [InlineData("VA&amp;#39;s", "VA's")]
    [InlineData("&lt;p&gt;Escaped &amp;amp; markup&lt;/p&gt;", "Escaped & markup")]
    [InlineData("<script>alert(1)</script>Text<style>p{}</style>", "Text")]
    [InlineData("x < y and AT&T", "x < y and AT&T")]
    public void ToPlainText_Html_GivesOneLineOfText(string html, string expected)
    {
        Assert.Equal(expected, HtmlText.ToPlainText(html));
    }

    [Theory]
    [InlineData("March 21, 2025", 2025, 3, 21)]
    [InlineData("21 March 2025", 2025, 3, 21)]
    [InlineData("Mar. 21, 2025", 2025, 3, 21)]
    [InlineData("2025-03-21", 2025, 3, 21)]
    [InlineData("Sept. 3, 2024", 2024, 9, 3)]
    [InlineData("Posted on March 21st, 2025 by BIS", 2025, 3, 21)]
    [InlineData("2025-03-21T23:30:00-05:00", 2025, 3, 21)]
    public void ParseCalendarDate_CommonFormats_ReadsTheWrittenDate(string text, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), SourceDates.ParseCalendarDate(text));
    }

    [Theory]
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21+00:00")]
    [InlineData("Tue, 09 Jan 2024 04:00:00 EST", "2024-01-09T09:00:00+00:00")]
    [InlineData("09 Jan 2024 04:00:00 +0100", "2024-01-09T03:00:00+00:00")]
    [InlineData("2017-01-23T09:24:22.000-05:00", "2017-01-23T14:24:22+00:00")]
    [InlineData("2003-12-31T10:14:55Z", "2003-12-31T10:14:55+00:00")]
    public void ParseInstant_ZonedDates_NormaliseToTheSameUtcInstant(string text, string expectedUtc)
    {
        DateTimeOffset? parsed = SourceDates.ParseInstant(text);

        Assert.NotNull(parsed);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), parsed.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a date")]
    [InlineData("Foo, 99 Bar 2004")]
    public void ParseInstant_Garbage_IsNull(string? text)
    {
        Assert.Null(SourceDates.ParseInstant(text));
    }

    [Theory]
    [InlineData("text/xml; charset=windows-1252", "windows-1252")]
    [InlineData("application/atom+xml;charset='gb2312'", "gb2312")]
    [InlineData("text/xml;charset= \"us-ascii\"", "us-ascii")]
    [InlineData("text/xml; charset:iso-8859-1", "iso-8859-1")]
    [InlineData("text/xml", null)]
    public void Charset_ContentTypeVariants_ReadsCharset(string contentType, string? expected)
    {
        Assert.Equal(expected, BodyText.Charset(contentType));
    }
}
