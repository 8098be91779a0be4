using System.Text.Json.Nodes;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// One action's documents for thread tests, from the real Federal Register answer in the fixtures:
/// 2024-00190 on public inspection (the answer's shape as the public-inspection API documents it),
/// then published, then a correction of it (a copy of it renumbered with <c>correction_of</c> set,
/// as the API marks corrections).
/// </summary>
public static class ThreadBodies
{
    public const string Document = "2024-00190";
    public const string Correction = "2024-00999";

    public static string PublicInspection => new JsonObject
    {
        ["count"] = 1,
        ["results"] = new JsonArray(new JsonObject
        {
            ["document_number"] = Document,
            ["title"] = "Notice of Reestablishment of the President's Export Council Subcommittee on Export Administration",
            ["type"] = "Notice",
            ["agencies"] = new JsonArray(new JsonObject { ["raw_name"] = "DEPARTMENT OF COMMERCE", ["name"] = "Commerce Department" }, new JsonObject { ["raw_name"] = "Bureau of Industry and Security", ["name"] = "Industry and Security Bureau" }),
            ["agency_names"] = new JsonArray("Commerce Department", "Industry and Security Bureau"),
            ["docket_numbers"] = new JsonArray(),
            ["filed_at"] = "2024-01-08T08:45:00.000-05:00",
            ["filing_type"] = "regular",
            ["publication_date"] = "2024-01-09",
            ["html_url"] = $"https://www.federalregister.gov/public-inspection/{Document}/notice",
            ["pdf_url"] = $"https://public-inspection.federalregister.gov/{Document}.pdf",
            ["pdf_updated_at"] = "2024-01-08T08:45:00.000-05:00",
            ["editorial_note"] = null,
            ["num_pages"] = 1,
        }),
    }.ToJsonString();

    public static string Published => FederalRegisterBodies.ByNumber(Document);

    /// <summary>The published document and its correction, as the next search answer lists them.</summary>
    public static string PublishedAndCorrected
    {
        get
        {
            var body = JsonNode.Parse(Published)!.AsObject();
            var results = body["results"]!.AsArray();
            var correction = results[0]!.DeepClone().AsObject();
            correction["document_number"] = Correction;
            correction["title"] = correction["title"]!.GetValue<string>() + "; Correction";
            correction["html_url"] = $"https://www.federalregister.gov/documents/2024/01/12/{Correction}/correction";
            correction["correction_of"] = $"https://www.federalregister.gov/api/v1/documents/{Document}";
            results.Add(correction);
            body["count"] = 2;
            return body.ToJsonString();
        }
    }
}
