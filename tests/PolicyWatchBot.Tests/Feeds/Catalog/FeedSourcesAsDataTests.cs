using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Catalog;

/// <summary>What feed files may say beyond the basics: json-list mappings, detail steps, a base, headers, secrets, verified.</summary>
public sealed class FeedSourcesAsDataTests : IDisposable
{
    private readonly FeedFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (FeedDefinition? Feed, string? Error) Load(string kind, string url, string extra)
    {
        var path = Path.Combine(_folder.Path, "feed.json");
        File.WriteAllText(path, $$"""
            {
              "id": "test-feed", "title": "Test", "kind": "{{kind}}", "url": "{{url}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us",
              {{extra}}
            }
            """);
        var catalog = FeedCatalogLoader.Load(_folder.Path);
        return (catalog.Feeds.SingleOrDefault(), catalog.Errors.SingleOrDefault());
    }

    private string Refused(string kind, string url, string extra)
    {
        var (feed, error) = Load(kind, url, extra);
        Assert.Null(feed);
        return Assert.IsType<string>(error);
    }

    [Fact]
    public void Load_JsonListWithEveryOption_ReadsTheMapping()
    {
        var (feed, error) = Load("json-list", "https://api.congress.gov/v3/bill?format=json", """
            "headers": { "X-Api-Key": "{secret:DATA_GOV}" },
            "json": {
              "items": "bills", "id": "{congress}-{type|lower}-{number}", "title": "title", "fallbackTitle": "{type} {number}",
              "link": "url", "published": "latestAction.actionDate", "summary": "summary.text", "type": "type", "agency": "sponsors[].fullName",
              "fields": { "latest action": "latestAction.text", "policy area": "policyArea.name" },
              "where": { "originChamber": ["House", "Senate"] },
              "nextPage": "pagination.next"
            },
            "verified": false
            """);

        Assert.Null(error);
        var json = feed!.Json!;
        Assert.Equal(FeedKind.JsonList, feed.Kind);
        Assert.Equal("bills", json.Items);
        Assert.Equal("{congress}-{type|lower}-{number}", json.Id);
        Assert.Equal(["latest action", "policy area"], json.Fields.Select(f => f.Key));
        Assert.Equal(["House", "Senate"], Assert.Single(json.Where).Value);
        Assert.Equal("pagination.next", json.NextPage);
        Assert.Equal(["DATA_GOV"], feed.Secrets);
        Assert.False(feed.Verified);
    }

    [Theory]
    [InlineData("""  "json": { "items": "results", "id": "id" }""", "json.title: is required")]
    [InlineData("""  "json": { "items": "results..x", "id": "id", "title": "t" }""", "json.items: 'results..x' is not a valid path: column 9: expected a member name")]
    [InlineData("""  "json": { "items": "r", "id": "{id", "title": "t" }""", "json.id: '{id' is not a valid path or template")]
    [InlineData("""  "json": { "items": "r", "id": "id", "title": "t", "fields": { "x": "{a|rot13}" } }""", "json.fields.x: '{a|rot13}' is not a valid path or template: column 1: unknown filter '|rot13'")]
    [InlineData("""  "json": { "items": "r", "id": "id", "title": "t", "nextPage": "n", "offset": { "parameter": "offset", "pageSize": 20 } }""", "json: page by 'nextPage' or by 'offset', not both")]
    [InlineData("""  "json": { "items": "r", "id": "id", "title": "t", "offset": { "parameter": "offset" } }""", "json.offset.pageSize: is required")]
    [InlineData("""  "json": { "items": "r", "id": "id", "title": "t", "where": { "form": [] } }""", "json.where.form: needs a list of the values to keep")]
    [InlineData("""  "tags": []""", "json: a json-list feed needs a 'json' mapping")]
    public void Load_BadJsonMapping_RefusedNamingTheField(string extra, string expected)
    {
        Assert.Contains(expected, Refused("json-list", "https://api.example.gov/items", extra), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonMappingOnAnotherKind_Refused()
    {
        Assert.Contains("json: only a json-list feed has a 'json' mapping",
            Refused("syndication", "https://example.gov/feed.xml", """  "json": { "items": "r", "id": "id", "title": "t" }"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HtmlListWithBaseAndDetail_ReadsThem()
    {
        var (feed, error) = Load("html-list", "https://www.bis.gov/news-updates", """
            "base": "https://www.bis.gov/",
            "html": { "item": "//article", "title": ".//h2", "link": ".//a/@href" },
            "detail": { "text": "//div[contains(@class,'press-release-container')]", "date": "//time", "maxChars": 200000 }
            """);

        Assert.Null(error);
        Assert.Equal(new Uri("https://www.bis.gov/"), feed!.Base);
        Assert.Equal("//div[contains(@class,'press-release-container')]", feed.Detail!.Text);
        Assert.Equal("//time", feed.Detail.Date);
        Assert.Equal(200000, feed.Detail.MaxChars);
        Assert.True(feed.Verified);
    }

    [Theory]
    [InlineData("""  "base": "/relative", "html": { "item": "//a", "title": ".", "link": "." }""", "base: '/relative' is not an absolute http(s) URL")]
    [InlineData("""  "html": { "item": "//a", "title": ".", "link": "." }, "detail": { "text": "//div[" }""", "detail.text: '//div[' is not a valid XPath")]
    [InlineData("""  "html": { "item": "//a", "title": ".", "link": "." }, "detail": { }""", "detail.text: is required")]
    [InlineData("""  "html": { "item": "//a", "title": ".", "link": "." }, "detail": { "text": "//p", "maxChars": 10 }""", "detail.maxChars: must be from 100")]
    public void Load_BadBaseOrDetail_RefusedNamingTheField(string extra, string expected)
    {
        Assert.Contains(expected, Refused("html-list", "https://example.gov/news", extra), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DetailOnAnHtmlPage_Refused()
    {
        Assert.Contains("detail: only html-list, syndication and json-list feeds",
            Refused("html-page", "https://example.gov/page", """  "html": { "item": "//main" }, "detail": { "text": "//p" }"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SecretsInQueryAndHeader_ListsEachNameOnceAndKeepsThePlaceholder()
    {
        var (feed, error) = Load("json-list", "https://api.govinfo.gov/collections/PLAW/{today-7d}T00:00:00Z?api_key={secret:DATA_GOV}&pageSize=100", """
            "headers": { "X-Api-Key": "{secret:DATA_GOV}", "X-Contact": "{secret:CONTACT}" },
            "json": { "items": "packages", "id": "packageId", "title": "packageId" }
            """);

        Assert.Null(error);
        Assert.Equal(["DATA_GOV", "CONTACT"], feed!.Secrets);
        Assert.Contains("{secret:DATA_GOV}", Uri.UnescapeDataString(feed.Url.AbsoluteUri), StringComparison.Ordinal);
        Assert.Equal("{secret:DATA_GOV}", feed.Headers[0].Value);
    }

    [Theory]
    [InlineData("https://api.example.gov/{secret:KEY}/items", "", "url: '{secret:KEY}' may only stand as a query parameter value")]
    [InlineData("https://{secret:KEY}.example.gov/items", "", "is not an absolute http(s) URL")]
    [InlineData("https://api.example.gov/items?key={secret:a-b}", "", "a secret is written {secret:NAME}")]
    [InlineData("https://api.example.gov/items?since={yesterday}", "", "'{yesterday}' is not a placeholder a URL can hold")]
    [InlineData("https://api.example.gov/items", "\"headers\": { \"Host\": \"x\" },", "headers.Host: is not a header a feed may set")]
    [InlineData("https://api.example.gov/items", "\"headers\": { \"Bad Name\": \"x\" },", "headers.Bad Name: is not a header a feed may set")]
    [InlineData("https://api.example.gov/items", "\"headerHosts\": [\"www.example.gov\"],", "headerHosts: names hosts for the feed's headers, but the feed has no 'headers'")]
    [InlineData("https://api.example.gov/items", "\"headers\": { \"X-Key\": \"k\" }, \"headerHosts\": [\"https://www.example.gov/\"],", "headerHosts: 'https://www.example.gov/' is not a host name")]
    public void Load_BadSecretOrHeader_RefusedNamingTheField(string url, string extra, string expected)
    {
        Assert.Contains(expected, Refused("json-list", url, extra + """  "json": { "items": "r", "id": "id", "title": "t" }"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("cn")]
    [InlineData("in")]
    [InlineData("sg")]
    [InlineData("ch")]
    [InlineData("int")]
    [InlineData("intl")]
    public void Load_NewJurisdictions_Accepted(string jurisdiction)
    {
        File.WriteAllText(Path.Combine(_folder.Path, "j.json"), $$"""
            { "id": "j-feed", "title": "J", "kind": "syndication", "url": "https://example.gov/rss",
              "schedule": { "interval": "1d" }, "jurisdiction": "{{jurisdiction}}" }
            """);

        Assert.Equal(jurisdiction, Assert.Single(FeedCatalogLoader.Load(_folder.Path).Feeds).Jurisdiction);
    }
}
