using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.FullText;

/// <summary>
/// The public-inspection copy has a full text too, through <c>poll --once</c> against a loopback
/// Federal Register: the real BIS notice 2024-00190 filed for inspection (the list answer's
/// documented shape, see <see cref="ThreadBodies"/>) whose raw text, the real text of the Entity List
/// rule 2023-03929, names entities its title never does. A <c>body:</c> rule alerts on the inspection
/// copy the day before publication; the published copy then follows that alert in its thread, as
/// every inspection-then-publication does, and is never a second new alert.
/// </summary>
public sealed partial class PublicInspectionFullTextTests : IAsyncLifetime
{
    private const string Document = ThreadBodies.Document;
    private const string InspectionText = "/pi/text/2024-00190.txt";
    private const string PublishedText = "/fr/text/2024-00190.txt";

    private static readonly string EntityListText = File.ReadAllText(
        Path.Combine(Fixtures.Root, "feeds", "federal-register", "raw-text-2023-03929-entity-list-additions.txt"));

    private readonly TempSqliteDatabase _db = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-pi.json"), $$"""
            { "id": "fr-pi", "title": "fr-pi", "kind": "federal-register-public-inspection", "url": "{{_server.Url("/pi/current.json")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us", "fullText": true }
            """);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "fr-bis", "kind": "federal-register", "url": "{{_server.Url("/fr/bis.json")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us", "fullText": true }
            """);
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": {
                "Feeds": { "Retries": 0 },
                "Console": { "Feeds": "all", "Rules": { "entities": "body:\"Entity List\"", "anywhere": "\"Entity List\"" } }
              }
            }
            """);

        var inspection = JsonNode.Parse(ThreadBodies.PublicInspection)!;
        inspection["results"]![0]!["raw_text_url"] = _server.Url(InspectionText).AbsoluteUri;
        _server.Serve("/pi/current.json", inspection.ToJsonString(), "application/json");
        _server.Serve("/fr/bis.json", FederalRegisterBodies.Documents(
            d => (string?)d["document_number"] == Document,
            d => d["raw_text_url"] = _server.Url(PublishedText).AbsoluteUri), "application/json");
        _server.Serve(InspectionText, EntityListText, "text/plain; charset=utf-8");
        _server.Serve(PublishedText, EntityListText, "text/plain; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _db.Dispose();
    }

    [Fact]
    public async Task PollOnce_BodyRuleOnTheInspectionCopy_AlertsTheDayBeforeAndThePublishedCopyFollowsInItsThread()
    {
        var onInspection = await PollOnceAsync("fr-pi");

        var alert = Assert.Single(Heads().Matches(onInspection));
        Assert.Equal(("New", "fr-pi", "fr:" + Document), (alert.Groups["kind"].Value, alert.Groups["feed"].Value, alert.Groups["item"].Value));
        Assert.Contains("filed for public inspection on 2024-01-08, to be published on 2024-01-09", onInspection, StringComparison.Ordinal);
        Assert.Contains("matched entities (Entity List)", onInspection, StringComparison.Ordinal);
        Assert.DoesNotContain("anywhere", onInspection, StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests(InspectionText));

        var onPublication = await PollOnceAsync("fr-bis");

        // No second new alert: one reply in the first alert's thread, and the first alert updated to say so.
        Assert.Empty(Heads().Matches(onPublication));
        var reply = Assert.Single(ThreadReplies().Matches(onPublication));
        Assert.Equal((alert.Groups["id"].Value, "Published", "fr-bis", "fr:" + Document),
            (reply.Groups["parent"].Value, reply.Groups["kind"].Value, reply.Groups["feed"].Value, reply.Groups["item"].Value));
        Assert.Contains($"── {alert.Groups["id"].Value} in #console: now: Published 2024-01-09", onPublication, StringComparison.Ordinal);
        Assert.Contains("changed stage: public inspection → published", onPublication, StringComparison.Ordinal);
        Assert.Contains("matched entities (Entity List)", onPublication, StringComparison.Ordinal);
        Assert.Contains("follows " + alert.Groups["id"].Value, onPublication, StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests(PublishedText));
        Assert.Equal(2, await StoredBodiesAsync());

        // Still listed on public inspection: the past catching up, neither a revision nor a text read again.
        var again = await PollOnceAsync("fr-pi");
        Assert.Empty(Heads().Matches(again));
        Assert.Empty(ThreadReplies().Matches(again));
        Assert.Equal(1, _server.CountRequests(InspectionText));
    }

    private async Task<string> PollOnceAsync(string feed)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await PollVerb.RunAsync(["--once", "--feed", feed], output, error, _db.Folder);
        Assert.True(exit == 0, $"poll --once exited {exit}: {error}");
        return output + "\n" + error;
    }

    private async Task<long> StoredBodiesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_db.Folder, "data", "policywatch.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM item_bodies WHERE item_key = $k";
        command.Parameters.AddWithValue("$k", "fr:" + Document);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A new alert's first line: <c>━━ PW-KRXN New · fr-pi · fr:2024-00190 → #console</c>.</summary>
    [GeneratedRegex(@"^━━ (?<id>PW-\S+) (?<kind>\S+) · (?<feed>\S+) · (?<item>\S+)", RegexOptions.Multiline)]
    private static partial Regex Heads();

    /// <summary>A reply's first line in its parent's thread: <c>↳ PW-KRXN · PW-7HVA Published · fr-bis · fr:2024-00190</c>.</summary>
    [GeneratedRegex(@"^\s*↳ (?<parent>PW-\S+) · (?<id>PW-\S+) (?<kind>\S+) · (?<feed>\S+) · (?<item>\S+)", RegexOptions.Multiline)]
    private static partial Regex ThreadReplies();
}
