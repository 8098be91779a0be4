using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Benchmarks;

/// <summary>Reads a Federal Register <c>documents.json</c> page straight into <see cref="FeedItem"/>s (title, abstract, action, type, agencies, CFR, dockets and RINs).</summary>
internal static class FederalRegisterDocuments
{
    public static List<FeedItem> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var items = new List<FeedItem>();
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            var number = String(result, "document_number") ?? "";
            var agencies = new List<string>();
            if (result.TryGetProperty("agencies", out var agencyArray) && agencyArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var agency in agencyArray.EnumerateArray())
                {
                    AddDistinct(agencies, String(agency, "name"));
                    AddDistinct(agencies, String(agency, "raw_name"));
                }
            }

            foreach (var name in Strings(result, "agency_names"))
            {
                AddDistinct(agencies, name);
            }

            var cfr = new List<string>();
            if (result.TryGetProperty("cfr_references", out var references) && references.ValueKind == JsonValueKind.Array)
            {
                foreach (var reference in references.EnumerateArray())
                {
                    cfr.Add($"{reference.GetProperty("title")} CFR {reference.GetProperty("part")}");
                }
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

    private static List<string> Strings(JsonElement element, string name)
    {
        var values = new List<string>();
        if (element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in array.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    values.Add(text);
                }
            }
        }

        return values;
    }
}
