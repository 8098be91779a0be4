using System.Text;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>
/// Bodies written to break the parsers (minimised from fuzzing): every failure is a FeedParseException
/// naming the feed, sniffing is linear, and one bad string never fails the other items. The bodies are
/// built here from the formats' documented syntax.
/// </summary>
public sealed class HostileBodyTests
{
    private static readonly FeedParser Parser = new();

    private static string Atom(string entries) =>
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>" + entries + "</feed>";

    private static string Entry(string id, string title, string summary = "s") =>
        $"<entry><id>{id}</id><title>{title}</title><link href=\"https://example.gov/{id}\"/><summary type=\"html\">{summary}</summary><updated>2024-01-10T00:00:00Z</updated></entry>";

    private static FeedPage ParseSyndication(string text) => Parser.Parse(ParsingFixtures.Feed(FeedKind.Syndication, "hostile"), ParsingFixtures.Text(text));

    [Fact]
    public void Parse_AtomEntryWith1001UnclosedTags_IsAFeedParseExceptionNamingTheFeed()
    {
        var body = Atom(Entry("a", "fine") + "<entry><id>b</id>" + string.Concat(Enumerable.Repeat("<b>", 1001)) + "<title>x</title></entry>");

        var error = Assert.Throws<FeedParseException>(() => ParseSyndication(body));

        Assert.Equal(new FeedId("hostile"), error.Feed);
        Assert.Contains("nest more than 1000 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SummaryWith2001NestedEscapedTags_KeepsTheItemAndItsText()
    {
        var summary = string.Concat(Enumerable.Repeat("&lt;b&gt;", 2001)) + "semiconductor export";

        var page = ParseSyndication(Atom(Entry("a", "Deep summary", summary) + Entry("b", "Next")));

        Assert.Equal(["Deep summary", "Next"], page.Items.Select(i => i.Title));
        Assert.Equal("semiconductor export", page.Items[0].Summary);
    }

    [Fact]
    public void Parse_PageOf5001NestedDivs_IsAFeedParseExceptionNamingTheFeed()
    {
        var body = "<!DOCTYPE html><html><body>" + string.Concat(Enumerable.Repeat("<div>", 5001)) + "x</body></html>";
        var feed = ParsingFixtures.Feed(FeedKind.HtmlPage, "deep-page", new HtmlSelectors { Item = "//body" });

        var error = Assert.Throws<FeedParseException>(() => Parser.Parse(feed, ParsingFixtures.Text(body, "text/html")));

        Assert.Equal(new FeedId("deep-page"), error.Feed);
        Assert.Contains("nest more than 1000 deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(3505)]
    public void Parse_ManyEmptyCommentsBeforeTheRoot_IsSniffedInOneLinearPass(int comments)
    {
        var body = string.Concat(Enumerable.Repeat("<!---->", comments)) + "<x/>";
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<FeedParseException>(() => ParseSyndication(body));

        Assert.Contains("XML with root <x>", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * 1024 * 1024);
    }

    [Fact]
    public void Parse_DoctypeFollowedBy64000Spaces_IsSniffedAndRefusedPlainly()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseSyndication("<!DOCTYPE" + new string(' ', 64_000)));

        Assert.Equal(new FeedId("hostile"), error.Feed);
        Assert.Contains("an empty body (no root element)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RssWithUnclosedDoctypeAndComments_IsReadLeniently()
    {
        var body = "<!DOCTYPE rss [<!ENTITY x \"y\">]" + new string(' ', 20_000) + "><rss version=\"0.91\"><channel><!-- a --><item><title>One &x;</title><link>https://example.gov/1</link></item><!-- never closed";

        var page = ParseSyndication(body);

        Assert.Equal("https://example.gov/1", Assert.Single(page.Items).Link!.AbsoluteUri);
    }

    [Fact]
    public void Parse_LoneSurrogateCharacterReferenceInATitle_ItemIsReadWithTheReplacementCharacter()
    {
        var page = ParseSyndication(Atom(Entry("a", "Entity &#xD800; List") + Entry("b", "Next &#xFFFE;")));

        Assert.Equal(["Entity \uFFFD List", "Next \uFFFD"], page.Items.Select(i => i.Title));
        Assert.All(page.Items, i => Assert.True(WellFormedText.IsWellFormed(i.Title)));
    }

    [Fact]
    public void Parse_FederalRegisterDocumentWithLoneSurrogateEscape_OtherDocumentsStillRead()
    {
        var body = "{\"count\":2,\"results\":[" +
            "{\"document_number\":\"2024-00001\",\"title\":\"Bad \\ud800 title\",\"type\":\"Rule\"}," +
            "{\"document_number\":\"2024-00002\",\"title\":\"Good title\",\"type\":\"Rule\"}]}";

        var page = Parser.Parse(ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-test"), ParsingFixtures.Text(body, "application/json"));

        Assert.Equal(["Bad \uFFFD title", "Good title"], page.Items.Select(i => i.Title));
    }

    [Fact]
    public void Parse_FederalRegisterBodyWithBytesThatAreNotUtf8_IsReadWithReplacementCharacters()
    {
        var body = Encoding.UTF8.GetBytes("{\"count\":1,\"results\":[{\"document_number\":\"2024-00001\",\"title\":\"A X title\"}]}");
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;

        var page = Parser.Parse(ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-test"), new FeedBody(body, "application/json", new Uri("https://example.gov/d.json")));

        Assert.Equal("A \uFFFD title", Assert.Single(page.Items).Title);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'c', (byte)'o', (byte)'u', (byte)'n', (byte)'t', (byte)'"', (byte)':', (byte)'0', (byte)',', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    public void DetectKind_PropertyNameThatIsNotUtf8_IsAFeedParseException(byte[] body)
    {
        var error = Assert.Throws<FeedParseException>(() => FeedParser.DetectKind(new FeedBody(body, "application/json", new Uri("https://example.gov/d.json"))));

        Assert.Contains("cannot tell the feed kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectKind_LoneSurrogateInNextPageUrl_IsFederalRegister()
    {
        var body = Encoding.UTF8.GetBytes("{\"results\":[],\"next_page_url\":\"\\ud800\"}");

        Assert.Equal(FeedKind.FederalRegister, FeedParser.DetectKind(new FeedBody(body, "application/json", new Uri("https://example.gov/d.json"))));
    }

    /// <summary>A '&lt;' and NULs before a 4 MB FR answer make it sniff as UTF-32, nearly every unit of it not a character (found by fuzzing).</summary>
    [Theory]
    [InlineData(FeedKind.FederalRegister)]
    [InlineData(FeedKind.FederalRegisterPublicInspection)]
    [InlineData(FeedKind.Syndication)]
    [InlineData(FeedKind.HtmlList)]
    public void Parse_BinaryBodySniffedAsUtf32_IsRefusedAllocatingLessThanTheBody(FeedKind kind)
    {
        byte[] answer = File.ReadAllBytes(ParsingFixtures.PathOf("feeds/federal-register/documents-search-2024-01-all-fields-page1.json"));
        byte[] body = [(byte)'<', .. new byte[156], .. answer];
        var feed = ParsingFixtures.Feed(kind, "sniffed", kind == FeedKind.HtmlList ? new HtmlSelectors { Item = "//article" } : null);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<FeedParseException>(() => Parser.Parse(feed, new FeedBody(body, null, new Uri("https://example.gov/feed"))));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(feed.Id, error.Feed);
        Assert.Contains("got an empty body (no root element)", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < body.Length, $"{allocated:N0} bytes allocated for a body of {body.Length:N0}");
    }

    [Fact]
    public void Parse_ListOfNestedUnclosedListItems_StaysWithinTheAllocationBound()
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body><ul>");
        for (var i = 0; html.Length < 39_000; i++)
        {
            html.Append("<li><a href=\"/n/").Append(i).Append("\">Entity list notice ").Append(i).Append("</a> text");
        }

        var feed = ParsingFixtures.Feed(FeedKind.HtmlList, "nested-li", new HtmlSelectors { Item = "//li", Summary = "." });
        var before = GC.GetAllocatedBytesForCurrentThread();

        var page = Parser.Parse(feed, ParsingFixtures.Text(html.ToString(), "text/html", "https://example.gov/list"));

        Assert.True(page.Items.Count > 700, $"{page.Items.Count} items");
        Assert.Equal("Entity list notice 0", page.Items[0].Title);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024 * 1024, $"{(GC.GetAllocatedBytesForCurrentThread() - before) / 1024 / 1024} MB allocated");
    }
}
