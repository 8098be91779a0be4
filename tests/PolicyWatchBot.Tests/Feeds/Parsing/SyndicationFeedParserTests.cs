using System.Text;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class SyndicationFeedParserTests
{
    private static readonly FeedDefinition Feed = ParsingFixtures.Feed(FeedKind.Syndication, "torture", defaultAgency: "Agency X", defaultType: "press release");

    private static FeedPage ParseCorpus(string relative) =>
        new FeedParser().Parse(Feed, FeedTortureCorpusTests.CorpusBody("feed-torture/" + relative));

    private static FeedPage ParseText(string xml, string url = "https://example.gov/feed.xml", string? contentType = "application/rss+xml") =>
        new FeedParser().Parse(ParsingFixtures.Feed(FeedKind.Syndication, "test-feed"), ParsingFixtures.Text(xml, contentType, url));

    [Fact]
    public void Parse_Atom10EntryTitle_ReadsTitle()
    {
        FeedItem item = Assert.Single(ParseCorpus("wellformed/atom10/entry_title.xml").Items);

        Assert.Equal("Example Atom", item.Title);
        Assert.Equal("press release", item.DocumentType);
        Assert.Equal(["Agency X"], item.Agencies);
    }

    [Fact]
    public void Parse_RssGuid_IsNativeIdKeyAndPermalink()
    {
        FeedItem item = Assert.Single(ParseCorpus("wellformed/rss/item_guid.xml").Items);

        Assert.Equal("http://guid.example.com/", item.NativeId);
        Assert.Equal(new ItemKey("http://guid.example.com/"), item.Key);
        Assert.Equal(new Uri("http://guid.example.com/"), item.Link);
    }

    [Fact]
    public void Parse_RssPubDateInGmt_IsUtcAndSourceDate()
    {
        FeedItem item = Assert.Single(ParseCorpus("wellformed/rss/item_pubDate.xml").Items);

        Assert.Equal(new DateTimeOffset(2004, 1, 1, 19, 48, 21, TimeSpan.Zero), item.UpdatedAt);
        Assert.Equal(new DateOnly(2004, 1, 1), item.PublishedOn);
    }

    [Fact]
    public void Parse_AtomDateWithOffset_NormalisesToUtcAndKeepsSourceDay()
    {
        FeedPage page = ParseCorpus("node-feedparser/tpm-with-fragment-base.atom");

        FeedItem first = page.Items[0];
        Assert.Equal("tag:talkingpointsmemo.com,2005:ArticleDecorator/270060", first.NativeId);
        Assert.Equal(new DateTimeOffset(2017, 11, 8, 23, 15, 58, TimeSpan.Zero), first.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, first.UpdatedAt!.Value.Offset);
        Assert.Equal(new DateOnly(2017, 11, 8), first.PublishedOn);
    }

    [Fact]
    public void Parse_RelativeLinkInAtom03_ResolvesAgainstDocumentUrl()
    {
        FeedItem item = Assert.Single(ParseCorpus("wellformed/base/http_entry_link_base_docuri.xml").Items);

        Assert.Equal(new Uri("http://127.0.0.1:8097/relative/link"), item.Link);
    }

    [Fact]
    public void Parse_RelativeLinkWithXmlBase_ResolvesAgainstXmlBase()
    {
        FeedPage page = ParseText("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/news/">
              <title>t</title><id>urn:feed</id><updated>2025-03-21T10:00:00Z</updated>
              <entry xml:base="2025/">
                <id>urn:uuid:1</id><title>One</title><updated>2025-03-21T10:00:00+01:00</updated>
                <link rel="alternate" href="one.html"/>
              </entry>
            </feed>
            """);

        FeedItem item = Assert.Single(page.Items);
        Assert.Equal(new Uri("https://example.org/news/2025/one.html"), item.Link);
        Assert.Equal(new DateTimeOffset(2025, 3, 21, 9, 0, 0, TimeSpan.Zero), item.UpdatedAt);
    }

    [Fact]
    public void Parse_RssRelativeLinkWithoutBase_ResolvesAgainstFeedUrl()
    {
        FeedPage page = ParseText("""<rss version="2.0"><channel><title>t</title><item><title>A</title><link>/press/a.html#top</link></item></channel></rss>""", "https://www.example.gov/feeds/news.xml");

        FeedItem item = Assert.Single(page.Items);
        Assert.Equal(new Uri("https://www.example.gov/press/a.html#top"), item.Link);
        Assert.Equal(new ItemKey("https://www.example.gov/press/a.html"), item.Key);
    }

    [Fact]
    public void Parse_RdfRss10_ReadsItemsWithTolerantReader()
    {
        FeedItem item = Assert.Single(ParseCorpus("wellformed/rdf/rdf_item_title.xml").Items);

        Assert.Equal("Example title", item.Title);
    }

    [Fact]
    public void Parse_ArxivApiAtom_KeysByIdWithoutVersionAndCollapsesWrappedText()
    {
        FeedPage page = new FeedParser().Parse(
            ParsingFixtures.Feed(FeedKind.Syndication, "arxiv-distillation", defaultType: "paper"),
            ParsingFixtures.Body("feeds/arxiv/api-query-cs-ai-lg-cl-2017-08.atom.xml", "application/atom+xml; charset=utf-8", "http://export.arxiv.org/api/query?search_query=cat:cs.AI"));

        Assert.Equal(10, page.Items.Count);
        Assert.All(page.Items, item =>
        {
            Assert.Matches(@"^arxiv:\d{4}\.\d{4,5}$", item.Key.Value);
            Assert.DoesNotContain("  ", item.Title, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', item.Summary ?? "");
            Assert.Equal("paper", item.DocumentType);
        });
        Assert.Equal(10, page.Items.Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public void Parse_ArxivHttpsAndVersionedIds_ShareOneKey()
    {
        const string Template = """<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:f</id><updated>2025-01-01T00:00:00Z</updated><entry><id>{0}</id><title>Paper</title><updated>2025-01-01T00:00:00Z</updated></entry></feed>""";

        ItemKey http = Assert.Single(ParseText(string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "http://arxiv.org/abs/1609.06753v3")).Items).Key;
        ItemKey https = Assert.Single(ParseText(string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "https://arxiv.org/abs/1609.06753v1")).Items).Key;

        Assert.Equal(new ItemKey("arxiv:1609.06753"), http);
        Assert.Equal(http, https);
    }

    [Fact]
    public void Parse_GovUkAtomWithTimestampId_KeysByAlternatePath()
    {
        FeedPage page = ParseText("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Export Control Joint Unit - Activity on GOV.UK</title><id>https://www.gov.uk/government/organisations/export-control-joint-unit</id>
              <updated>2025-03-21T10:00:00+00:00</updated>
              <entry>
                <id>https://www.gov.uk/government/publications/notice-to-exporters-2025-05#2025-03-21T10:00:00+00:00</id>
                <updated>2025-03-21T10:00:00+00:00</updated>
                <link rel="alternate" type="text/html" href="https://www.gov.uk/government/publications/notice-to-exporters-2025-05"/>
                <title>Notice to exporters 2025/05: Russia sanctions</title>
                <summary type="html">&lt;p&gt;Changes to the &lt;b&gt;Russia&lt;/b&gt; regime&amp;hellip;&lt;/p&gt;</summary>
              </entry>
            </feed>
            """, "https://www.gov.uk/government/organisations/export-control-joint-unit.atom", "application/atom+xml");

        FeedItem item = Assert.Single(page.Items);
        Assert.Equal(new ItemKey("govuk:/government/publications/notice-to-exporters-2025-05"), item.Key);
        Assert.Equal("Changes to the Russia regime…", item.Summary);
        Assert.Equal(new DateOnly(2025, 3, 21), item.PublishedOn);
    }

    [Theory]
    [InlineData("VA&amp;#39;s rule")]
    [InlineData("VA&amp;amp;#39;s rule")]
    [InlineData("<![CDATA[VA&#39;s rule]]>")]
    public void Parse_FederalRegisterRssDoubleEscapedDescription_DecodesEntities(string description)
    {
        FeedPage page = ParseText($"""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>FR</title>
            <item><title>Veterans&amp;#39; Benefits</title>
            <link>https://www.federalregister.gov/documents/2024/01/09/2024-00190/notice-of-reestablishment</link>
            <description>{description}</description>
            <pubDate>Tue, 09 Jan 2024 04:00:00 GMT</pubDate>
            <guid>https://www.federalregister.gov/d/2024-00190</guid>
            <dc:creator>Industry and Security Bureau</dc:creator></item></channel></rss>
            """, "https://www.federalregister.gov/api/v1/documents.rss");

        FeedItem item = Assert.Single(page.Items);
        Assert.Equal("VA's rule", item.Summary);
        Assert.Equal("Veterans' Benefits", item.Title);
        Assert.Equal(new ItemKey("fr:2024-00190"), item.Key);
        Assert.Equal(["Industry and Security Bureau"], item.Agencies);
        Assert.Equal(new DateOnly(2024, 1, 9), item.PublishedOn);
    }

    [Fact]
    public void Parse_TruncatedBody_YieldsTheItemsBeforeTheCut()
    {
        FeedPage page = ParseText("""<rss version="2.0"><channel><title>t</title><item><title>Whole</title><guid>urn:w</guid></item><item><title>Cut""");

        Assert.Equal("Whole", page.Items[0].Title);
        Assert.Equal(new ItemKey("urn:w"), page.Items[0].Key);
    }

    [Fact]
    public void Parse_NonUriGuid_IsPrefixedWithFeedId()
    {
        FeedItem item = Assert.Single(ParseText("""<rss version="2.0"><channel><title>t</title><item><title>A</title><guid isPermaLink="false">12345</guid></item></channel></rss>""").Items);

        Assert.Equal("12345", item.NativeId);
        Assert.Equal(new ItemKey("test-feed:12345"), item.Key);
    }

    [Fact]
    public void Parse_UndefinedEntityAndBadDate_StillYieldsItems()
    {
        FeedPage page = ParseText("""<rss version="2.0"><channel><title>t</title><item><title>Caf&eacute; &nbsp;rules</title><link>https://e.gov/a?x=1&y=2</link><pubDate>not a date</pubDate></item><item><title>B</title><link>https://e.gov/b</link></item></channel></rss>""");

        Assert.Equal(2, page.Items.Count);
        Assert.Equal("Café rules", page.Items[0].Title);
        Assert.Equal(new Uri("https://e.gov/a?x=1&y=2"), page.Items[0].Link);
        Assert.Null(page.Items[0].PublishedOn);
    }

    [Fact]
    public void Parse_ExternalEntityToLocalFile_NeverReadsTheFile()
    {
        string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % remote SYSTEM "file:///etc/hostname"> %remote;]>
            <rss version="2.0"><channel><title>t</title>
            <item><title>Leak &xxe;</title><description>&xxe;</description><guid>urn:x:1</guid></item></channel></rss>
            """;

        Exception? error = Record.Exception(() =>
        {
            FeedPage page = ParseText(xml);
            string all = string.Join("|", page.Items.Select(i => i.Title + i.Summary + i.NativeId));
            Assert.DoesNotContain("root:", all, StringComparison.Ordinal);
            Assert.DoesNotContain("/bin/", all, StringComparison.Ordinal);
        });

        Assert.True(error is null or FeedParseException, error?.ToString());
    }

    [Fact]
    public void Parse_EntityExpansionBomb_FinishesWithoutExpanding()
    {
        string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
            <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
            <rss version="2.0"><channel><title>t</title><item><title>&e;</title><guid>urn:x:2</guid></item></channel></rss>
            """;

        FeedItem item = Assert.Single(ParseText(xml).Items);

        Assert.True(item.Title.Length < 100, item.Title);
    }

    [Fact]
    public void Parse_HtmlPageNotAFeed_ThrowsNamingTitle()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseCorpus("node-feedparser/notafeed.html"));

        Assert.StartsWith("feed torture: expected an RSS or Atom feed, got an HTML page", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GzipBodyStoredAsXml_IsInflated()
    {
        FeedPage page = ParseCorpus("node-feedparser/compressed.xml");

        Assert.NotEmpty(page.Items);
    }

    [Fact]
    public void Parse_Windows1252FromContentType_DecodesSmartQuotes()
    {
        byte[] xml = Encoding.Latin1.GetBytes("<rss version=\"2.0\"><channel><title>t</title><item><title>\u0093Quoted\u0094 rule</title><guid>urn:q</guid></item></channel></rss>");

        FeedPage page = new FeedParser().Parse(Feed, new FeedBody(xml, "text/xml; charset=windows-1252", new Uri("https://example.gov/f")));

        Assert.Equal("\u201CQuoted\u201D rule", Assert.Single(page.Items).Title);
    }

    [Fact]
    public void Parse_Utf16WithBom_Decodes()
    {
        byte[] xml = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>t</title><item><title>Größe</title><guid>urn:u</guid></item></channel></rss>")];

        FeedPage page = new FeedParser().Parse(Feed, new FeedBody(xml, null, new Uri("https://example.gov/f")));

        Assert.Equal("Größe", Assert.Single(page.Items).Title);
    }

    [Theory]
    [InlineData("""{"count":1}""", "got JSON")]
    [InlineData("", "an empty body")]
    [InlineData("<rss version=\"2.0\"><channel><title>cut off</title", "not a readable RSS or Atom feed")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "XML with root <svg>")]
    public void Parse_NotAFeed_ThrowsFeedParseException(string body, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseText(body));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("feed test-feed: ", error.Message, StringComparison.Ordinal);
    }
}
