using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>The Federal Register fields beyond the common ones, read from the real 1,000-document page.</summary>
public sealed class FederalRegisterDetailTests
{
    private const string SearchFixture = "feeds/federal-register/documents-search-2024-01-all-fields-page1.json";

    private static readonly Lazy<FeedPage> Search = new(() => new FeedParser().Parse(
        ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-all"),
        ParsingFixtures.Body(SearchFixture, "application/json", "https://www.federalregister.gov/api/v1/documents.json")));

    private static FeedItem Document(string number) => Search.Value.Items.Single(i => i.NativeId == number);

    private static FeedPage ParseText(string json) => new FeedParser().Parse(
        ParsingFixtures.Feed(FeedKind.FederalRegister, "fr-bis"),
        ParsingFixtures.Text(json, "application/json", "https://www.federalregister.gov/api/v1/documents.json"));

    [Fact]
    public void Parse_SignificantRule_ReadsSignificanceTopicsDatesAndRin()
    {
        FeedItem rule = Document("2023-27783");
        FederalRegisterDetail detail = rule.FederalRegister!;

        Assert.True(detail.Significant);
        Assert.Equal(["Freight", "Intermodal transportation", "Maritime carriers", "Reporting and recordkeeping requirements"], detail.Topics);
        Assert.Equal("This final rule is effective on February 1, 2024.", detail.Dates);
        Assert.Equal(["Docket No. FMC-2022-0067", "3072-AC86"], rule.Dockets);
        Assert.Equal(["3072-AC86"], RegulationIdentifiers.Rins(rule.Dockets));
        Assert.Equal(["Docket No. FMC-2022-0067"], RegulationIdentifiers.DocketIds(rule.Dockets));
    }

    [Fact]
    public void Parse_RealPage_CountsSignificanceTopicsAndCorrections()
    {
        IReadOnlyList<FeedItem> items = Search.Value.Items;

        Assert.All(items, i => Assert.NotNull(i.FederalRegister));
        Assert.Equal(17, items.Count(i => i.FederalRegister!.Significant));
        Assert.Equal(132, items.Count(i => i.FederalRegister!.Topics.Count > 0));
        Assert.Equal(5, items.Count(i => i.FederalRegister!.Corrections.Count > 0));
        Assert.Equal(114, items.Count(i => RegulationIdentifiers.Rins(i.Dockets).Count > 0));
        Assert.Equal(8, items.Count(i => i.FederalRegister!.SigningDate is not null));
    }

    [Fact]
    public void Parse_DocumentWithCorrections_ReadsTheirDocumentNumbers()
    {
        Assert.Equal(["R1-2023-28853", "R2-2023-28853"], Document("2023-28853").FederalRegister!.Corrections);
    }

    [Fact]
    public void Parse_Correction_PointsBackAtTheCorrectedDocument()
    {
        Assert.Equal("2024-00339", Document("C1-2024-00339").CorrectionOf);
    }

    [Fact]
    public void Parse_Proclamation_ReadsSubtypeAndSigningDate()
    {
        FederalRegisterDetail detail = Document("2023-28995").FederalRegister!;

        Assert.Equal("Proclamation", detail.Subtype);
        Assert.Equal(new DateOnly(2023, 12, 28), detail.SigningDate);
        Assert.Null(detail.ExecutiveOrderNumber);
        Assert.False(detail.Significant);
    }

    [Fact]
    public void Parse_ExecutiveOrder_ReadsItsNumberWrittenAsANumber()
    {
        FeedItem order = Assert.Single(ParseText("""
            {"count":1,"results":[{"document_number":"2024-11111","title":"Preventing Access to Bulk Sensitive Data","type":"Presidential Document",
              "subtype":"Executive Order","executive_order_number":14117,"signing_date":"2024-02-28","significant":null,
              "regulation_id_number_info":{"0694-AJ13":{"title":"Entity List additions"}},"regulation_id_numbers":null}]}
            """).Items);

        Assert.Equal("14117", order.FederalRegister!.ExecutiveOrderNumber);
        Assert.Equal("Executive Order", order.FederalRegister.Subtype);
        Assert.False(order.FederalRegister.Significant);
        Assert.Equal(["0694-AJ13"], order.Dockets);
    }

    [Fact]
    public void Parse_OddlyShapedDetailFields_ReadsTheDocumentAnyway()
    {
        FeedItem item = Assert.Single(ParseText("""
            {"count":1,"results":[{"document_number":"2024-22222","title":"Odd","significant":"true",
              "topics":["Exports",{"name":"nested"},7],"corrections":"not a list","regulation_id_number_info":[]}]}
            """).Items);

        Assert.True(item.FederalRegister!.Significant);
        Assert.Equal(["Exports", "7"], item.FederalRegister.Topics);
        Assert.Empty(item.FederalRegister.Corrections);
        Assert.Empty(item.Dockets);
    }
}
