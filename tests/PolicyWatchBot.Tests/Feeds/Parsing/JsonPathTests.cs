using System.Text.Json;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>The path and template syntax of json-list feed files.</summary>
public sealed class JsonPathTests
{
    private static readonly JsonElement Bill = JsonDocument.Parse("""
        {"congress": 117, "type": "HR", "number": "3617", "title": "MORE Act",
         "latestAction": {"actionDate": "2022-04-01", "text": "Motion to reconsider laid on the table."},
         "agencies": [{"name": "Commerce"}, {"name": "State"}, {"other": 1}],
         "topics": ["Exports", "Sanctions", null, {"x": 1}],
         "dc.title": "quoted", "accession": "0001045810-24-000316", "results": [[1, 2], [3]]}
        """).RootElement;

    [Theory]
    [InlineData("title", "MORE Act")]
    [InlineData("latestAction.text", "Motion to reconsider laid on the table.")]
    [InlineData("congress", "117")]
    [InlineData("agencies[].name", "Commerce|State")]
    [InlineData("agencies.name", "Commerce|State")]
    [InlineData("agencies[1].name", "State")]
    [InlineData("agencies[7].name", "")]
    [InlineData("topics", "Exports|Sanctions")]
    [InlineData("topics[0]", "Exports")]
    [InlineData("['dc.title']", "quoted")]
    [InlineData("$.title", "MORE Act")]
    [InlineData("results[][]", "1|2|3")]
    [InlineData("missing.member", "")]
    [InlineData("title.length", "")]
    public void Texts_Path_ReachesEveryValue(string path, string expected)
    {
        Assert.Equal(expected, string.Join('|', JsonPath.Parse(path).Texts(Bill)));
    }

    [Fact]
    public void Select_Dollar_IsTheValueItself()
    {
        var root = JsonDocument.Parse("[{\"id\": 1}, {\"id\": 2}]").RootElement;

        Assert.Equal(JsonValueKind.Array, Assert.Single(JsonPath.Parse("$").Select(root)).ValueKind);
        Assert.Equal("1|2", string.Join('|', JsonPath.Parse("[].id").Texts(root)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a..b", "column 3: expected a member name")]
    [InlineData("a.", "column 2: expected a member name")]
    [InlineData("a[x]", "column 2: expected [] or [N]")]
    [InlineData("a[1", "column 2: expected ']' to close '['")]
    [InlineData("a b", "column 2: ' ' cannot be part of a name")]
    [InlineData("['a", "column 1: expected '] to close the quoted name")]
    [InlineData("a[0]b", "column 5: expected '.' or '['")]
    public void Parse_BadPath_SaysWhereAndWhat(string path, string expected)
    {
        var error = Assert.Throws<FormatException>(() => JsonPath.Parse(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{congress}-{type|lower}-{number}", "117-hr-3617")]
    [InlineData("{title} ({type} {number})", "MORE Act (HR 3617)")]
    [InlineData("https://www.sec.gov/Archives/edgar/data/1045810/{accession|digits}/", "https://www.sec.gov/Archives/edgar/data/1045810/000104581024000316/")]
    [InlineData("{agencies.name|upper}", "COMMERCE")]
    [InlineData("{title} {missing}", "")]
    public void Values_Template_FillsEachPathWithItsFirstValue(string template, string expected)
    {
        Assert.Equal(expected, string.Join('|', JsonValueMap.Parse(template).Values(Bill)));
    }

    [Theory]
    [InlineData("{title", "expected '}' to close '{'")]
    [InlineData("title}", "'}' without '{'")]
    [InlineData("{title|reverse}", "unknown filter '|reverse'")]
    [InlineData("{a..b}", "in '{a..b}' at column 1")]
    public void Parse_BadTemplate_SaysWhat(string template, string expected)
    {
        var error = Assert.Throws<FormatException>(() => JsonValueMap.Parse(template));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
