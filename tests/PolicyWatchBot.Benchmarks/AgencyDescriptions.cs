using System.Text.Json;

namespace PolicyWatchBot.Benchmarks;

/// <summary>The names and descriptions of the real Federal Register agency list (<c>agencies.json</c>).</summary>
internal static class AgencyDescriptions
{
    public static List<string> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var texts = new List<string>();
        foreach (var agency in document.RootElement.EnumerateArray())
        {
            foreach (var property in new[] { "name", "short_name", "description" })
            {
                if (agency.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    texts.Add(value.GetString()!);
                }
            }
        }

        return texts;
    }
}
