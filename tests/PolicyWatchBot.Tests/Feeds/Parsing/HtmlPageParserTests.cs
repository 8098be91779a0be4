using System.Text;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class HtmlPageParserTests
{
    private const string PageUrl = "https://www.bis.gov/news-updates#main-content";
    private static readonly FeedDefinition Feed = ParsingFixtures.Feed(
        FeedKind.HtmlPage, "bis-whats-new", new HtmlSelectors { Item = "//section[@id='whats-new-region']" }, defaultAgency: "BIS");

    private static string PageText() => File.ReadAllText(ParsingFixtures.PathOf("html/bis-news-updates.html"));

    private static FeedItem Parse(string html) =>
        Assert.Single(new FeedParser().Parse(Feed, new FeedBody(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", new Uri(PageUrl))).Items);

    [Fact]
    public void Parse_WatchedRegion_IsOneItemKeyedByPageUrlWithRegionText()
    {
        FeedItem item = Parse(PageText());

        Assert.Equal(new ItemKey("https://www.bis.gov/news-updates"), item.Key);
        Assert.Equal(new Uri("https://www.bis.gov/news-updates"), item.Link);
        Assert.Equal("News & Updates | Bureau of Industry and Security", item.Title);
        Assert.Equal("What\u2019s New Updated guidance on the Entity List FAQ. New SNAP-R maintenance window \u2014 29 March 2025.", item.Summary);
        Assert.Equal(["BIS"], item.Agencies);
    }

    [Fact]
    public void Parse_ChangeOutsideRegion_KeepsSummary()
    {
        string before = Parse(PageText()).Summary!;

        string after = Parse(PageText().Replace("1,234,567", "1,234,999", StringComparison.Ordinal)).Summary!;

        Assert.Equal(before, after);
    }

    [Fact]
    public void Parse_ChangeInsideRegion_ChangesSummary()
    {
        string before = Parse(PageText()).Summary!;

        string after = Parse(PageText().Replace("29 March 2025", "5 April 2025", StringComparison.Ordinal)).Summary!;

        Assert.NotEqual(before, after);
        Assert.EndsWith("5 April 2025.", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RegionMissing_ThrowsFeedParseException()
    {
        var error = Assert.Throws<FeedParseException>(() => Parse("<html><head><title>Redesigned</title></head><body><p>New layout</p></body></html>"));

        Assert.Equal("feed bis-whats-new: html.item XPath '//section[@id='whats-new-region']' matched nothing on the page", error.Message);
    }
}
