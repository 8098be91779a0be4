using System.Text;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class HtmlListParserTests
{
    private const string NewsPage = "html/bis-news-updates.html";
    private const string NewsUrl = "https://www.bis.gov/news-updates";

    private static readonly HtmlSelectors NewsSelectors = new()
    {
        Item = "//article[contains(@class,'press-release-container')]",
        Title = ".//h2/a",
        Link = ".//h2/a/@href",
        Date = ".//span[contains(@class,'date-display-single')]",
        Summary = ".//div[contains(@class,'field-body')]",
    };

    private static FeedPage ParseNews(HtmlSelectors? selectors = null) => new FeedParser().Parse(
        ParsingFixtures.Feed(FeedKind.HtmlList, "bis-news", selectors ?? NewsSelectors, defaultAgency: "BIS", defaultType: "press release", url: NewsUrl),
        ParsingFixtures.Body(NewsPage, "text/html; charset=utf-8", NewsUrl));

    [Fact]
    public void Parse_NewsListing_YieldsEachReleaseOnceInPageOrder()
    {
        FeedPage page = ParseNews();

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.NextPage);
        Assert.DoesNotContain(page.Items, i => i.Title.Contains("Bureau of Industry and Security", StringComparison.Ordinal) && i.Title.Length < 40);
    }

    [Fact]
    public void Parse_FirstRelease_MapsTitleLinkDateSummaryAndDefaults()
    {
        FeedItem first = ParseNews().Items[0];

        Assert.Equal("Commerce Adds 12 Entities to the Entity List for Supporting Advanced Computing Diversion", first.Title);
        Assert.Equal(new Uri("https://www.bis.gov/press-release/commerce-adds-entities-entity-list-example"), first.Link);
        Assert.Equal(new ItemKey("https://www.bis.gov/press-release/commerce-adds-entities-entity-list-example"), first.Key);
        Assert.Equal(new DateOnly(2025, 3, 25), first.PublishedOn);
        Assert.Equal("Today, the Department of Commerce\u2019s Bureau of Industry and Security (BIS) added 12 entities to the Entity List \u2026", first.Summary);
        Assert.Equal(["BIS"], first.Agencies);
        Assert.Equal("press release", first.DocumentType);
        Assert.Equal(new FeedId("bis-news"), first.Feed);
    }

    [Fact]
    public void Parse_RelativeLinkWithFragment_ResolvesAndKeysWithoutFragment()
    {
        FeedItem second = ParseNews().Items[1];

        Assert.Equal(new Uri("https://www.bis.gov/press-release/temporary-denial-order-renewal-example#summary"), second.Link);
        Assert.Equal(new ItemKey("https://www.bis.gov/press-release/temporary-denial-order-renewal-example"), second.Key);
        Assert.Equal(new DateOnly(2025, 3, 21), second.PublishedOn);
    }

    [Fact]
    public void Parse_TimeElementAndEntities_ReadsDatetimeAndDecodesTitle()
    {
        FeedItem third = ParseNews().Items[2];

        Assert.Equal("Interim Final Rule: Semiconductor Manufacturing Items & \u201CAdvanced Node\u201D ICs", third.Title);
        Assert.Equal(new DateOnly(2025, 3, 14), third.PublishedOn);
        Assert.Equal("The rule revises Export Control Classification Numbers 3B001 and 3B993.", third.Summary);
    }

    [Fact]
    public void Parse_NoTitleSelector_UsesFirstLinkText()
    {
        FeedPage page = ParseNews(new HtmlSelectors { Item = "//article[contains(@class,'press-release-container')]" });

        Assert.Equal("Commerce Adds 12 Entities to the Entity List for Supporting Advanced Computing Diversion", page.Items[0].Title);
        Assert.Null(page.Items[0].PublishedOn);
    }

    [Fact]
    public void Parse_SelectorMatchesNothing_IsZeroItems()
    {
        FeedPage page = ParseNews(NewsSelectors with { Item = "//div[@class='views-row-renamed']" });

        Assert.Empty(page.Items);
    }

    [Theory]
    [InlineData("""{"results":[]}""", "application/json", "got JSON")]
    [InlineData("""<?xml version="1.0"?><rss version="2.0"><channel/></rss>""", "application/rss+xml", "got an RSS/Atom feed")]
    [InlineData("", "text/html", "an empty body")]
    public void Parse_BodyIsNotHtml_ThrowsFeedParseException(string body, string contentType, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => new FeedParser().Parse(
            ParsingFixtures.Feed(FeedKind.HtmlList, "bis-news", NewsSelectors),
            new FeedBody(Encoding.UTF8.GetBytes(body), contentType, new Uri(NewsUrl))));

        Assert.StartsWith("feed bis-news: expected an HTML page, ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidXPath_ThrowsFeedParseExceptionNamingSelector()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseNews(NewsSelectors with { Item = "//article[" }));

        Assert.Contains("html.item XPath '//article['", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingSelectors_ThrowsFeedParseException()
    {
        var error = Assert.Throws<FeedParseException>(() => new FeedParser().Parse(
            ParsingFixtures.Feed(FeedKind.HtmlList, "bis-news"), ParsingFixtures.Body(NewsPage, "text/html", NewsUrl)));

        Assert.Contains("needs html selectors", error.Message, StringComparison.Ordinal);
    }
}
