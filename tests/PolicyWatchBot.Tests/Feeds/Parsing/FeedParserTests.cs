using System.Text;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class FeedParserTests
{
    private static FeedKind Detect(string relative, string? contentType = null) =>
        FeedParser.DetectKind(ParsingFixtures.Body(relative, contentType, "file:///input"));

    private static FeedKind DetectText(string text) =>
        FeedParser.DetectKind(new FeedBody(Encoding.UTF8.GetBytes(text), null, new Uri("file:///input")));

    [Fact]
    public void DetectKind_DocumentsSearchJson_IsFederalRegister()
    {
        Assert.Equal(FeedKind.FederalRegister, Detect("feeds/federal-register/documents-search-2024-01-all-fields-page1.json"));
    }

    [Fact]
    public void DetectKind_PublicInspectionDocument_IsPublicInspection()
    {
        Assert.Equal(FeedKind.FederalRegisterPublicInspection, Detect("feeds/federal-register/public-inspection-document-2017-00854.json"));
    }

    [Theory]
    [InlineData("""{"description":"Documents matching 'x'","count":0}""", FeedKind.FederalRegister)]
    [InlineData("""{"count":1,"results":[{"document_number":"2026-1","filed_at":null}]}""", FeedKind.FederalRegisterPublicInspection)]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item/></rdf:RDF>""", FeedKind.Syndication)]
    public void DetectKind_SmallBodies_AreRecognised(string body, FeedKind expected)
    {
        Assert.Equal(expected, DetectText(body));
    }

    [Fact]
    public void DetectKind_AtomFeed_IsSyndication()
    {
        Assert.Equal(FeedKind.Syndication, Detect("feeds/arxiv/api-query-cs-ai-lg-cl-2017-08.atom.xml"));
    }

    [Fact]
    public void DetectKind_GzipFeed_IsSyndication()
    {
        Assert.Equal(FeedKind.Syndication, Detect("feed-torture/node-feedparser/compressed.xml"));
    }

    [Theory]
    [InlineData("html/federalregister-request-access.html", "got an HTML page (title 'Federal Register :: Request Access')")]
    [InlineData("feeds/federal-register/agencies-2022.json", "got a JSON array")]
    public void DetectKind_UnknownBody_ThrowsForInput(string relative, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => Detect(relative));

        Assert.StartsWith("feed (input): cannot tell the feed kind", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameParserFromManyThreads_GivesSameResults()
    {
        var parser = new FeedParser();
        FeedDefinition feed = ParsingFixtures.Feed(FeedKind.FederalRegisterPublicInspection, "fr-pi");
        FeedBody body = ParsingFixtures.Body("feeds/federal-register/public-inspection-document-2017-00854.json", "application/json", "https://www.federalregister.gov/api/v1/public-inspection-documents/2017-00854.json");

        string[] keys = Enumerable.Range(0, 16).AsParallel().Select(_ => parser.Parse(feed, body).Items[0].Key.Value).ToArray();

        Assert.All(keys, key => Assert.Equal("fr:2017-00854", key));
    }
}
