using System.Text.Json.Nodes;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>Feed bodies cut from the real Federal Register search answer in the fixtures.</summary>
public static class FederalRegisterBodies
{
    private static readonly Lazy<JsonObject> Source = new(() =>
        JsonNode.Parse(File.ReadAllText(Fixtures.FederalRegisterDocuments))!.AsObject());

    private static readonly Lazy<List<JsonNode>> Real = new(() => [.. Source.Value["results"]!.AsArray().Select(d => d!)]);

    /// <summary>The real documents of the saved answer (not to be edited: clone them).</summary>
    public static IReadOnlyList<JsonNode> RealDocuments => Real.Value;

    public const string BisAgency = "industry-and-security-bureau";
    public const string OfacAgency = "foreign-assets-control-office";

    /// <summary>The documents of one agency, as a one-page search answer (no next page).</summary>
    public static string OfAgency(string slug) => Documents(d => d["agencies"]!.AsArray().Any(a => (string?)a?["slug"] == slug));

    public static string Documents(Func<JsonObject, bool> include, Action<JsonObject>? edit = null, string? nextPageUrl = null)
    {
        var results = new JsonArray();
        foreach (var document in Source.Value["results"]!.AsArray())
        {
            var copy = document!.DeepClone().AsObject();
            if (include(copy))
            {
                edit?.Invoke(copy);
                results.Add(copy);
            }
        }

        var body = new JsonObject
        {
            ["count"] = results.Count,
            ["description"] = "Documents selected for a test",
            ["total_pages"] = 1,
            ["results"] = results,
        };
        if (nextPageUrl is not null)
        {
            body["next_page_url"] = nextPageUrl;
        }

        return body.ToJsonString();
    }

    public static string ByNumber(params string[] numbers) =>
        Documents(d => numbers.Contains((string?)d["document_number"]));

    public static string Empty => """{"description":"Documents matching 'nothing'","count":0}""";
}
