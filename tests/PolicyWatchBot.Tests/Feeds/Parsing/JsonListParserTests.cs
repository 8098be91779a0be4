using System.Text;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>json-list feeds over real API answers: Congress.gov bills, GovInfo packages, eCFR versions.</summary>
public sealed class JsonListParserTests
{
    private const string CongressUrl = "https://api.congress.gov/v3/bill?format=json&sort=updateDate+desc&limit=20";

    private static readonly JsonListMapping Bills = new()
    {
        Items = "bills",
        Id = "{congress}-{type|lower}-{number}",
        Title = "title",
        FallbackTitle = "{type} {number} ({congress}th Congress)",
        Link = "https://www.congress.gov/search?q=%7B%22congress%22%3A%5B%22{congress}%22%5D%2C%22source%22%3A%22legislation%22%2C%22search%22%3A%22{type}{number}%22%7D",
        Published = "latestAction.actionDate",
        Fields = [new("latest action", "latestAction.text"), new("chamber", "originChamber")],
        NextPage = "pagination.next",
    };

    private static FeedDefinition Feed(JsonListMapping mapping, string url = CongressUrl, string id = "congress-bills") =>
        ParsingFixtures.Feed(FeedKind.JsonList, id, url: url, defaultType: "bill", defaultAgency: "Congress") with { Json = mapping };

    private static FeedPage Parse(JsonListMapping mapping, string fixture, string url) =>
        new FeedParser().Parse(Feed(mapping, url), ParsingFixtures.Body(fixture, "application/json", url));

    private static FeedPage ParseText(JsonListMapping mapping, string json, string url = "https://api.example.gov/v1/items?offset=0&limit=2") =>
        new FeedParser().Parse(Feed(mapping, url), new FeedBody(Encoding.UTF8.GetBytes(json), "application/json", new Uri(url)));

    [Fact]
    public void Parse_CongressBillList_MapsEveryBill()
    {
        var page = Parse(Bills, "feeds/congress/api-v3-bill-list-2022-04-03.json", CongressUrl);

        Assert.Equal(20, page.Items.Count);
        var more = page.Items[0];
        Assert.Equal(new ItemKey("api.congress.gov:117-hr-3617"), more.Key);
        Assert.Equal("117-hr-3617", more.NativeId);
        Assert.Equal("MORE Act", more.Title);
        Assert.Equal(new DateOnly(2022, 4, 1), more.PublishedOn);
        Assert.Equal("bill", more.DocumentType);
        Assert.Equal(["Congress"], more.Agencies);
        Assert.Equal([new ItemExtra("latest action", "Motion to reconsider laid on the table Agreed to without objection."), new ItemExtra("chamber", "House")], more.Extras);
        Assert.Equal("https://www.congress.gov/search?q=%7B%22congress%22%3A%5B%22117%22%5D%2C%22source%22%3A%22legislation%22%2C%22search%22%3A%22HR3617%22%7D", more.Link!.AbsoluteUri);
    }

    [Fact]
    public void Parse_CongressBillWithEmptyTitle_TakesTheFallbackTitle()
    {
        var page = Parse(Bills, "feeds/congress/api-v3-bill-list-2022-04-03.json", CongressUrl);

        Assert.Equal("HR 7343 (117th Congress)", page.Items[1].Title);
        Assert.Equal(new ItemExtra("latest action", "Referred to the Subcommittee on Coast Guard and Maritime Transportation."), page.Items[1].Extras[0]);
    }

    [Fact]
    public void Parse_CongressBillList_NextPageIsThePaginationLink()
    {
        var page = Parse(Bills, "feeds/congress/api-v3-bill-list-2022-04-03.json", CongressUrl);

        Assert.Equal(new Uri("https://api.congress.gov/v3/bill?offset=20&limit=20&format=json"), page.NextPage);
    }

    [Fact]
    public void Parse_GovInfoCollection_KeysByPackageAndFollowsNextPage()
    {
        var mapping = new JsonListMapping
        {
            Items = "packages",
            Id = "packageId",
            Title = "packageId",
            Link = "https://www.govinfo.gov/app/details/{packageId}",
            Updated = "lastModified",
            NextPage = "nextPage",
        };

        var page = Parse(mapping, "feeds/govinfo/api-collections-BILLS-2018-01-01-page1.json", "https://api.govinfo.gov/collections/BILLS/2018-01-01T00:00:00Z/?offset=0&pageSize=100");

        Assert.Equal(100, page.Items.Count);
        Assert.Equal(new ItemKey("api.govinfo.gov:BILLS-115hr4403rh"), page.Items[0].Key);
        Assert.Equal(new DateTimeOffset(2018, 4, 17, 6, 51, 38, TimeSpan.Zero), page.Items[0].UpdatedAt);
        Assert.Equal(new Uri("https://www.govinfo.gov/app/details/BILLS-115hr4403rh"), page.Items[0].Link);
        Assert.Equal(new Uri("https://api.govinfo.gov/collections/BILLS/2018-01-01T00:00:00Z/?offset=100&pageSize=100"), page.NextPage);
    }

    [Fact]
    public void Parse_EcfrVersions_OneItemPerAmendedPartAndDate()
    {
        var mapping = new JsonListMapping
        {
            Items = "content_versions",
            Where = [new("part", ["734", "740", "742", "744", "746"])],
            Id = "15-{part}-{amendment_date}",
            Title = "15 CFR part {part} amended, in effect {amendment_date}",
            Link = "https://www.ecfr.gov/current/title-15/part-{part}",
            Published = "issue_date",
            Summary = "name",
        };

        var page = Parse(mapping, "feeds/ecfr/versioner-versions-title-15-chapter-XX-2025-08-05.json", "https://www.ecfr.gov/api/versioner/v1/versions/title-15.json?chapter=VII");

        Assert.Equal(398, page.Items.Count);
        Assert.All(page.Items, i => Assert.Matches("^www.ecfr.gov:15-7(34|40|42|44|46)-", i.Key.Value));
        var latest = Assert.Single(page.Items, i => i.NativeId == "15-744-2025-04-25");
        Assert.Equal("15 CFR part 744 amended, in effect 2025-04-25", latest.Title);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void Parse_Columns_EachIndexIsAnItem()
    {
        var mapping = new JsonListMapping
        {
            Items = "filings.recent",
            Columns = true,
            Where = [new("form", ["10-K", "8-K"])],
            Id = "accessionNumber",
            Title = "NVIDIA {form} filed {filingDate}",
            Link = "https://www.sec.gov/Archives/edgar/data/1045810/{accessionNumber|digits}/{primaryDocument}",
            Published = "filingDate",
            Type = "form",
        };

        var page = ParseText(mapping, """
            {"cik": "1045810", "filings": {"recent": {
              "accessionNumber": ["0001045810-24-000029", "0001045810-24-000030", "0001045810-24-000031"],
              "filingDate": ["2024-02-21", "2024-02-22", "2024-02-23"],
              "form": ["10-K", "4", "8-K"],
              "primaryDocument": ["nvda-20240128.htm", "xslF345X05/wf-form4.xml", "nvda-20240222.htm"]}}}
            """, "https://data.sec.gov/submissions/CIK0001045810.json");

        Assert.Equal(["NVIDIA 10-K filed 2024-02-21", "NVIDIA 8-K filed 2024-02-23"], page.Items.Select(i => i.Title));
        Assert.Equal(new Uri("https://www.sec.gov/Archives/edgar/data/1045810/000104581024000029/nvda-20240128.htm"), page.Items[0].Link);
        Assert.Equal("10-K", page.Items[0].DocumentType);
        Assert.Equal(new DateOnly(2024, 2, 21), page.Items[0].PublishedOn);
    }

    [Fact]
    public void Parse_OffsetPaging_FullPageMovesTheOffsetOn()
    {
        var mapping = new JsonListMapping { Items = "results", Id = "id", Title = "name", OffsetParameter = "offset", PageSize = 2 };

        var full = ParseText(mapping, """{"results": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}""");
        var last = ParseText(mapping, """{"results": [{"id": 3, "name": "c"}]}""");

        Assert.Equal(new Uri("https://api.example.gov/v1/items?limit=2&offset=2"), full.NextPage);
        Assert.Null(last.NextPage);
    }

    [Fact]
    public void Parse_RelativeLinks_ResolveAgainstTheFeedBase()
    {
        var mapping = new JsonListMapping { Items = "results", Id = "link", Title = "title", Link = "link" };
        var feed = Feed(mapping, "https://www.gov.uk/api/search.json?filter_organisations=export-control-joint-unit") with { Base = new Uri("https://www.gov.uk/") };

        var page = new FeedParser().Parse(feed, ParsingFixtures.Text("""{"results": [{"link": "/government/news/x", "title": "X"}]}""", "application/json", feed.Url.AbsoluteUri));

        Assert.Equal(new Uri("https://www.gov.uk/government/news/x"), page.Items[0].Link);
        Assert.Equal(new ItemKey("www.gov.uk:/government/news/x"), page.Items[0].Key);
    }

    [Fact]
    public void Parse_OneItemWithoutAnId_IsSkippedAndTheOthersRead()
    {
        var mapping = new JsonListMapping { Items = "results", Id = "id", Title = "name" };

        var page = ParseText(mapping, """{"results": [{"name": "no id"}, {"id": 2, "name": "kept"}, {"id": 3}, "not an object"]}""");

        Assert.Equal(["kept", "3"], page.Items.Select(i => i.Title));
    }

    [Fact]
    public void Parse_EmptyList_IsZeroItems()
    {
        var page = ParseText(new JsonListMapping { Items = "results", Id = "id", Title = "name" }, """{"results": []}""");

        Assert.Empty(page.Items);
    }

    [Theory]
    [InlineData("""{"error": {"code": "API_KEY_INVALID"}}""", "json.items 'results' found no list of items in the answer (top level: 'error')")]
    [InlineData("""{"results": [{"other": 1}, {"other": 2}]}""", "none of the 2 items has an id ('id')")]
    [InlineData("<html><title>Request Access</title></html>", "expected a JSON answer, got an HTML page (title 'Request Access')")]
    [InlineData("{\"results\": [", "expected a JSON answer, got invalid JSON")]
    public void Parse_AnswerThatDoesNotFit_FailsNamingTheFeed(string body, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseText(new JsonListMapping { Items = "results", Id = "id", Title = "name" }, body));

        Assert.StartsWith("feed congress-bills: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
