namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>Writes feed definition files into a temp folder for one test.</summary>
public sealed class FeedFolder : IDisposable
{
    public FeedFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policywatch-feeds", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Add(string id, string kind, Uri url, string jurisdiction = "us", string? extra = null)
    {
        var json = $$"""
            {
              "id": "{{id}}",
              "title": "Test feed {{id}}",
              "kind": "{{kind}}",
              "url": "{{url}}",
              "schedule": { "interval": "1h" },
              "jurisdiction": "{{jurisdiction}}"{{(extra is null ? "" : ",\n  " + extra)}}
            }
            """;
        File.WriteAllText(System.IO.Path.Combine(Path, id + ".json"), json);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }
}
