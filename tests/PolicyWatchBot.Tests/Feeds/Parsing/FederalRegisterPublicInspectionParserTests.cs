using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

public sealed class FederalRegisterPublicInspectionParserTests
{
    private const string CurrentUrl = "https://www.federalregister.gov/api/v1/public-inspection-documents/current.json";

    private static FeedPage ParseText(string json) =>
        new FeedParser().Parse(ParsingFixtures.Feed(FeedKind.FederalRegisterPublicInspection, "fr-pi"), ParsingFixtures.Text(json, "application/json", CurrentUrl));

    private static FeedItem WithdrawnFixture() => Assert.Single(new FeedParser().Parse(
        ParsingFixtures.Feed(FeedKind.FederalRegisterPublicInspection, "fr-pi"),
        ParsingFixtures.Body("feeds/federal-register/public-inspection-document-2017-00854.json", "application/json",
            "https://www.federalregister.gov/api/v1/public-inspection-documents/2017-00854.json")).Items);

    [Fact]
    public void Parse_SingleWithdrawnDocument_IsWithdrawnWithItsFields()
    {
        FeedItem item = WithdrawnFixture();

        Assert.Equal(new ItemKey("fr:2017-00854"), item.Key);
        Assert.Equal("2017-00854", item.NativeId);
        Assert.Equal(ItemStage.Withdrawn, item.Stage);
        Assert.Equal("Horse Protection: Licensing of Designated Qualified Persons and Other Amendments", item.Title);
        Assert.Equal("Rule", item.DocumentType);
        Assert.Equal(["Animal and Plant Health Inspection Service"], item.Agencies);
        Assert.Null(item.FiledAt);
        Assert.Null(item.PublishedOn);
        Assert.Equal(new DateTimeOffset(2017, 1, 23, 14, 24, 22, TimeSpan.Zero), item.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, item.UpdatedAt!.Value.Offset);
        Assert.StartsWith("APHIS requested the withdrawal of this document", item.EditorialNote, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://www.federalregister.gov/public-inspection/2017-00854/horse-protection-licensing-of-designated-qualified-persons-and-other-amendments"), item.Link);
        Assert.Equal(new Uri("https://public-inspection.federalregister.gov/2017-00854.pdf"), item.PdfLink);
        Assert.Equal(item.PdfLink, item.PublicInspectionLink);
        Assert.Empty(item.Dockets);
    }

    [Fact]
    public void Parse_FiledLateInTheEasternEvening_FiledOnIsTheSourcesDayNotUtcs()
    {
        FeedPage page = ParseText("""
            {"count":1,"results":[{"document_number":"2026-01301","title":"Late filing","type":"Notice","agencies":[],"agency_names":[],
              "docket_numbers":[],"filed_at":"2026-03-02T20:30:00.000-05:00","filing_type":"special","publication_date":"2026-03-04"}]}
            """);

        Assert.Equal(new DateOnly(2026, 3, 2), page.Items[0].FiledOn);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 1, 30, 0, TimeSpan.Zero), page.Items[0].FiledAt);
    }

    [Fact]
    public void Parse_ListAnswer_ReadsFiledAtInUtcAndScheduledDate()
    {
        FeedPage page = ParseText("""
            {"count":2,"results":[
              {"document_number":"2026-01234","title":null,"toc_subject":"Export Administration Regulations:","toc_doc":"Additions to the Entity List",
               "type":"Rule","agencies":[{"raw_name":"Bureau of Industry and Security","name":"Industry and Security Bureau","id":241,"parent_id":54}],
               "agency_names":["Industry and Security Bureau"],"docket_numbers":["Docket No. 260101-0001"],"filed_at":"2026-03-02T08:45:00.000-05:00",
               "filing_type":"regular","publication_date":"2026-03-03","editorial_note":null,
               "html_url":"https://www.federalregister.gov/public-inspection/2026-01234/additions-to-the-entity-list",
               "pdf_url":"https://public-inspection.federalregister.gov/2026-01234.pdf","pdf_updated_at":null},
              {"document_number":"2026-01300","title":"Withdrawn Notice","type":"Notice","agencies":[],"agency_names":[],"docket_numbers":[],
               "filed_at":"2026-03-02T16:15:00.000-05:00","filing_type":"special","publication_date":"2026-03-04","editorial_note":"This document was withdrawn in error and will publish as scheduled."}
            ],
            "next_page_url":"https://www.federalregister.gov/api/v1/public_inspection_documents?page=2"}
            """);

        Assert.Equal(2, page.Items.Count);
        FeedItem bis = page.Items[0];
        Assert.Equal("Export Administration Regulations: Additions to the Entity List", bis.Title);
        Assert.Equal(ItemStage.PublicInspection, bis.Stage);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 45, 0, TimeSpan.Zero), bis.FiledAt);
        Assert.Equal(TimeSpan.Zero, bis.FiledAt!.Value.Offset);
        Assert.Equal(new DateOnly(2026, 3, 3), bis.PublishedOn);
        Assert.Equal(["Docket No. 260101-0001"], bis.Dockets);
        Assert.Equal(["Industry and Security Bureau", "Bureau of Industry and Security"], bis.Agencies);
        Assert.Null(bis.UpdatedAt);
        Assert.Equal(new DateOnly(2026, 3, 2), bis.FiledOn);
        Assert.Equal(ItemStage.PublicInspection, page.Items[1].Stage);
        Assert.Equal(new Uri("https://www.federalregister.gov/api/v1/public_inspection_documents?page=2"), page.NextPage);
    }

    [Fact]
    public void Parse_EmptyList_IsZeroItems()
    {
        Assert.Empty(ParseText("""{"count":0,"results":[]}""").Items);
    }

    [Theory]
    [InlineData("""{"status":500,"error":"Internal Server Error"}""", "without them")]
    [InlineData("""<html><head><title>Federal Register :: Request Access</title></head></html>""", "title 'Federal Register :: Request Access'")]
    [InlineData("""{"results":[{"document_number":null}]}""", "no document_number")]
    public void Parse_WrongBody_ThrowsFeedParseException(string body, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseText(body));

        Assert.StartsWith("feed fr-pi: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
