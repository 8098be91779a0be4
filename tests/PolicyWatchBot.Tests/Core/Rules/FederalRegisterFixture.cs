using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>The 1,000 real documents of the Federal Register fixture page, read straight into <see cref="FeedItem"/>s.</summary>
internal static class FederalRegisterFixture
{
    private static readonly Lazy<IReadOnlyList<FeedItem>> s_items = new(Load);

    public static IReadOnlyList<FeedItem> Items => s_items.Value;

    private static List<FeedItem> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "feeds", "federal-register", "documents-search-2024-01-all-fields-page1.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var items = new List<FeedItem>();
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            var number = result.GetProperty("document_number").GetString()!;
            var agencies = new List<string>();
            foreach (var agency in result.GetProperty("agencies").EnumerateArray())
            {
                AddDistinct(agencies, String(agency, "name"));
                AddDistinct(agencies, String(agency, "raw_name"));
            }

            foreach (var name in Strings(result, "agency_names"))
            {
                AddDistinct(agencies, name);
            }

            var cfr = new List<string>();
            foreach (var reference in result.GetProperty("cfr_references").EnumerateArray())
            {
                cfr.Add($"{reference.GetProperty("title")} CFR {reference.GetProperty("part")}");
            }

            items.Add(new FeedItem
            {
                Key = ItemKey.FederalRegister(number),
                NativeId = number,
                Feed = new FeedId("fr-all"),
                Title = String(result, "title") ?? "",
                Summary = String(result, "abstract"),
                Action = String(result, "action"),
                DocumentType = String(result, "type"),
                Agencies = agencies,
                CfrReferences = cfr,
                Dockets = [.. Strings(result, "docket_ids"), .. Strings(result, "regulation_id_numbers")],
                Jurisdiction = "us",
            });
        }

        return items;
    }

    private static void AddDistinct(List<string> list, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var value in array.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }
}
