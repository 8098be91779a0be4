using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class FederalRegisterDocumentsParserTests
{
    private const string SearchFixture = "feeds/federal-register/documents-search-2024-01-all-fields-page1.json";
    private const string SearchUrl = "https://www.federalregister.gov/api/v1/documents.json?conditions[publication_date][year]=2024&per_page=1000";

    private static readonly Lazy<FeedPage> Search = new(() => new FeedParser().Parse(
        ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-all", defaultAgency: "Default Agency", defaultType: "Default Type"),
        ParsingFixtures.Body(SearchFixture, "application/json; charset=utf-8", SearchUrl)));

    private static FeedItem Document(string number) => Search.Value.Items.Single(i => i.NativeId == number);

    private static FeedPage ParseText(string json, string url = "https://www.federalregister.gov/api/v1/documents.json") =>
        new FeedParser().Parse(ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-bis"), ParsingFixtures.Text(json, "application/json", url));

    [Fact]
    public void Parse_RealSearchPage_YieldsEveryDocumentOnce()
    {
        Assert.Equal(1000, Search.Value.Items.Count);
        Assert.Equal(1000, Search.Value.Items.Select(i => i.Key).Distinct().Count());
        Assert.All(Search.Value.Items, i => Assert.Equal("fr:" + i.NativeId, i.Key.Value));
    }

    [Fact]
    public void Parse_RealSearchPage_CountsMatchTheFixture()
    {
        IReadOnlyList<FeedItem> items = Search.Value.Items;
        Assert.Equal(714, items.Count(i => i.Summary is not null));
        Assert.Equal(178, items.Count(i => i.CfrReferences.Count > 0));
        Assert.Equal(257, items.Count(i => i.CommentsCloseOn is not null));
        Assert.Equal(149, items.Count(i => i.EffectiveOn is not null));
        Assert.Equal(814, items.Count(i => i.DocumentType == "Notice"));
        Assert.Equal(120, items.Count(i => i.DocumentType == "Rule"));
        Assert.Equal(58, items.Count(i => i.DocumentType == "Proposed Rule"));
        Assert.Equal(8, items.Count(i => i.DocumentType == "Presidential Document"));
        Assert.Equal(4, items.Count(i => i.Agencies.Contains("Industry and Security Bureau")));
    }

    [Fact]
    public void Parse_BisNotice_MapsEveryField()
    {
        FeedItem bis = Document("2024-00190");

        Assert.Equal(new ItemKey("fr:2024-00190"), bis.Key);
        Assert.Equal(new FeedId("fr-all"), bis.Feed);
        Assert.Equal("Notice of Reestablishment of the President's Export Council Subcommittee on Export Administration and Solicitation of Nominations for Membership", bis.Title);
        Assert.Equal(new Uri("https://www.federalregister.gov/documents/2024/01/09/2024-00190/notice-of-reestablishment-of-the-presidents-export-council-subcommittee-on-export-administration-and"), bis.Link);
        Assert.StartsWith("Pursuant to provisions of the Federal Advisory Committee Act, as amended,", bis.Summary, StringComparison.Ordinal);
        Assert.Equal("Notice.", bis.Action);
        Assert.Equal("Notice", bis.DocumentType);
        Assert.Equal(["Commerce Department", "DEPARTMENT OF COMMERCE", "Industry and Security Bureau", "Bureau of Industry and Security"], bis.Agencies);
        Assert.Equal(["Commerce Department", "Bureau of Industry and Security"], bis.AgencyLabels);
        Assert.Equal("us", bis.Jurisdiction);
        Assert.Equal(new DateOnly(2024, 1, 9), bis.PublishedOn);
        Assert.Null(bis.EffectiveOn);
        Assert.Null(bis.CommentsCloseOn);
        Assert.Empty(bis.CfrReferences);
        Assert.Equal(["Docket No. 231222-9999"], bis.Dockets);
        Assert.Equal(new Uri("https://www.govinfo.gov/content/pkg/FR-2024-01-09/pdf/2024-00190.pdf"), bis.PdfLink);
        Assert.Equal(new Uri("https://public-inspection.federalregister.gov/2024-00190.pdf?1704721518"), bis.PublicInspectionLink);
        Assert.Null(bis.CorrectionOf);
        Assert.Equal("89 FR 1064", bis.Citation);
        Assert.Equal(ItemStage.Published, bis.Stage);
        Assert.Null(bis.UpdatedAt);
    }

    [Fact]
    public void Parse_NullAbstractAndAction_LeavesThemNull()
    {
        FeedItem dpas = Document("2024-00359");

        Assert.Null(dpas.Summary);
        Assert.Null(dpas.Action);
        Assert.Equal("Notice", dpas.DocumentType);
    }

    [Fact]
    public void Parse_RawNameOnlyAgency_KeepsRawName()
    {
        FeedItem interior = Document("2024-00005");

        Assert.Equal(["Interior Department", "DEPARTMENT OF THE INTERIOR", "Office of the Secretary"], interior.Agencies);
    }

    [Fact]
    public void Parse_ProposedRule_ReadsCfrDocketsRinAndCommentsClose()
    {
        FeedItem interior = Document("2024-00005");

        Assert.Equal("Proposed Rule", interior.DocumentType);
        Assert.Equal("Notice of proposed rulemaking; request for public comment.", interior.Action);
        Assert.Equal(["43 CFR 11"], interior.CfrReferences);
        Assert.Equal(["Docket No. DOI-2022-0016", "4500176944", "1090-AB26"], interior.Dockets);
        Assert.Equal(new DateOnly(2024, 3, 5), interior.CommentsCloseOn);
        Assert.Null(interior.EffectiveOn);
    }

    [Fact]
    public void Parse_InterimFinalRule_ReadsEffectiveAndCommentsCloseDates()
    {
        FeedItem energy = Document("2024-00153");

        Assert.Equal("Civil Nuclear Credit Program and Recapture of Credits", energy.Title);
        Assert.Equal("Rule", energy.DocumentType);
        Assert.Equal("Interim final rule and request for comment.", energy.Action);
        Assert.Equal(new DateOnly(2024, 1, 8), energy.PublishedOn);
        Assert.Equal(new DateOnly(2024, 1, 8), energy.EffectiveOn);
        Assert.Equal(new DateOnly(2024, 2, 7), energy.CommentsCloseOn);
        Assert.Equal(["10 CFR 612"], energy.CfrReferences);
        Assert.Equal(["1901-AB57"], energy.Dockets);
        Assert.Equal(["Energy Department", "DEPARTMENT OF ENERGY"], energy.Agencies);
    }

    [Fact]
    public void Parse_Correction_KeepsTheCorrectedDocumentNumber()
    {
        FeedItem correction = Document("C1-2023-27742");

        Assert.Equal(new ItemKey("fr:C1-2023-27742"), correction.Key);
        Assert.Equal("2023-27742", correction.CorrectionOf);
        Assert.Equal(8, Search.Value.Items.Count(i => i.CorrectionOf is not null));
    }

    [Fact]
    public void Parse_OfacDocuments_NameTheOfacAgency()
    {
        string[] ofac = ["2024-00273", "2024-00274", "2024-00594", "2024-00734"];

        Assert.All(ofac, number => Assert.Contains("Foreign Assets Control Office", Document(number).Agencies));
        Assert.Equal(ofac.Order(), Search.Value.Items.Where(i => i.Agencies.Contains("Foreign Assets Control Office")).Select(i => i.NativeId).Order());
    }

    [Fact]
    public void Parse_SourceHasAgencyAndType_DoesNotUseDefinitionDefaults()
    {
        Assert.DoesNotContain(Search.Value.Items, i => i.Agencies.Contains("Default Agency") || i.DocumentType == "Default Type");
    }

    [Fact]
    public void Parse_SourceLacksAgencyAndType_UsesDefinitionDefaults()
    {
        var feed = ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-x", jurisdiction: "us", defaultAgency: "Commerce", defaultType: "Notice");
        FeedPage page = new FeedParser().Parse(feed, ParsingFixtures.Text("""{"count":1,"results":[{"document_number":"2026-00001","title":"T","agencies":[],"type":null}]}""", "application/json"));

        FeedItem item = Assert.Single(page.Items);
        Assert.Equal(["Commerce"], item.Agencies);
        Assert.Equal("Notice", item.DocumentType);
    }

    [Fact]
    public void Parse_NextPageUrlOnDocumentsApi_IsNextPage()
    {
        Assert.NotNull(Search.Value.NextPage);
        Assert.Equal("/api/v1/documents", Search.Value.NextPage!.AbsolutePath);
        Assert.Contains("page=2", Search.Value.NextPage.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example.com/api/v1/documents?page=2")]
    [InlineData("https://www.federalregister.gov/documents/search?page=2")]
    [InlineData("javascript:alert(1)")]
    public void Parse_NextPageUrlElsewhere_IsIgnored(string next)
    {
        FeedPage page = ParseText($$"""{"count":30,"results":[],"next_page_url":"{{next}}"}""");

        Assert.Null(page.NextPage);
    }

    [Theory]
    [InlineData("https://www.federalregister.gov/api/v1/public_inspection_documents?page=2")]
    [InlineData("https://www.federalregister.gov/api/v1/public-inspection-documents.json?page=2")]
    public void Parse_NextPageUrlOnPublicInspectionApi_IsNextPage(string next)
    {
        FeedPage page = ParseText($$"""{"count":30,"results":[],"next_page_url":"{{next}}"}""");

        Assert.Equal(new Uri(next), page.NextPage);
    }

    [Fact]
    public void Parse_EmptyAnswerWithoutResults_IsZeroItems()
    {
        FeedPage page = ParseText("""{"description":"Documents matching 'xyzzy'","count":0}""");

        Assert.Empty(page.Items);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void Parse_RequestAccessHtmlPage_ThrowsNamingFeedAndTitle()
    {
        const string Html = "<!DOCTYPE html>\n<html><head><title>Federal Register :: Request Access</title></head><body><h1>Request Access</h1></body></html>";

        var error = Assert.Throws<FeedParseException>(() => new FeedParser().Parse(
            ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-bis"), ParsingFixtures.Text(Html, "text/html")));

        Assert.Equal("feed fr-bis: expected a JSON object with 'results', got an HTML page (title 'Federal Register :: Request Access')", error.Message);
        Assert.Equal(new FeedId("fr-bis"), error.Feed);
    }

    [Fact]
    public void Parse_RequestAccessFixturePage_Throws()
    {
        var error = Assert.Throws<FeedParseException>(() => new FeedParser().Parse(
            ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-bis"),
            ParsingFixtures.Body("html/federalregister-request-access.html", "text/html; charset=utf-8", "https://www.federalregister.gov/api/v1/documents.json")));

        Assert.Contains("Federal Register :: Request Access", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("""{"errors":{"conditions":"bad"}}""", "without 'results'")]
    [InlineData("""[1,2,3]""", "a JSON array")]
    [InlineData("""{"count":3,"results":{"a":1}}""", "does not fit")]
    [InlineData("""{"count":1,"results":[{"title":"no number"}]}""", "no document_number")]
    [InlineData("""{"count":1,"results":[{"document_number":"2024-1",""", "does not fit")]
    [InlineData("", "an empty body")]
    [InlineData("Service Unavailable", "neither JSON")]
    public void Parse_WrongBody_ThrowsFeedParseException(string body, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseText(body));

        Assert.StartsWith("feed fr-bis: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_CorrectionOfAsPlainNumber_KeepsNumber()
    {
        FeedPage page = ParseText("""{"count":1,"results":[{"document_number":"C1-2026-16628","title":"T","correction_of":"2026-16628","cfr_references":[{"title":15,"part":null}]}]}""");

        FeedItem item = Assert.Single(page.Items);
        Assert.Equal("2026-16628", item.CorrectionOf);
        Assert.Equal(["15 CFR"], item.CfrReferences);
    }
}
