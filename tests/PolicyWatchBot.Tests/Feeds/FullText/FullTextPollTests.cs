using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.FullText;

/// <summary>
/// <c>poll --once</c> of a <c>"fullText": true</c> Federal Register feed against a loopback host serving
/// real BIS documents of the saved answer and, at each document's <c>raw_text_url</c>, the real text of
/// the BIS Entity List rule 2023-03929: <c>body:</c> finds what only the text says, a text that could
/// not be read holds its document back to the next poll, the size cap cuts, and the count cap defers.
/// </summary>
public sealed class FullTextPollTests : IAsyncLifetime
{
    // Real BIS notices of the saved answer whose title and abstract never say "Entity List".
    private const string Meeting = "2024-00422";
    private const string Council = "2024-00190";

    private static readonly string EntityListText = File.ReadAllText(
        Path.Combine(Fixtures.Root, "feeds", "federal-register", "raw-text-2023-03929-entity-list-additions.txt"));

    private readonly TempSqliteDatabase _db = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
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
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _db.Dispose();
    }

    private static string TextPath(string number) => $"/fr/text/{number}.txt";

    private void ServeDocuments(params string[] numbers) => ServeDocuments(numbers, edit: null);

    private void ServeDocuments(string[] numbers, Action<JsonObject>? edit) =>
        _server.Serve("/fr/bis.json", FederalRegisterBodies.Documents(
            d => numbers.Contains((string?)d["document_number"]),
            d =>
            {
                d["raw_text_url"] = _server.Url(TextPath((string)d["document_number"]!)).AbsoluteUri;
                edit?.Invoke(d);
            }), "application/json");

    private void ServeText(string number, string text) => _server.Serve(TextPath(number), text, "text/plain; charset=utf-8");

    /// <summary>What <c>poll --once</c> printed: the alerts on standard output, then its summary from standard error.</summary>
    private async Task<string> PollOnceAsync(params string[] settings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await PollVerb.RunAsync(["--once", "--feed", "fr-bis", .. settings], output, error, _db.Folder);
        Assert.True(exit == 0, $"poll --once exited {exit}: {error}");
        return output + "\n" + error;
    }

    /// <summary>What <c>chat --channel desk</c> answered to one command, by a manager.</summary>
    private async Task<string> ChatAsync(params string[] command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ChatVerb.RunAsync(["--channel", "desk", "--user", "alice", "--manager", .. command], output, error, _db.Folder);
        Assert.True(exit == 0, $"chat exited {exit}: {error}");
        return output.ToString();
    }

    private async Task<(long Length, bool Truncated)> StoredBodyAsync(string number)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_db.Folder, "data", "policywatch.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(CAST(body AS BLOB)), truncated FROM item_bodies WHERE item_key = $k ORDER BY revision DESC LIMIT 1";
        command.Parameters.AddWithValue("$k", "fr:" + number);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no stored body for {number}");
        return (reader.GetInt64(0), reader.GetInt64(1) == 1);
    }

    [Fact]
    public async Task PollOnce_BodyRule_MatchesThroughTheFullTextOnlyAndReadsItOncePerRevision()
    {
        ServeDocuments(Meeting);
        ServeText(Meeting, EntityListText);

        var first = await PollOnceAsync();

        Assert.Contains("fr:" + Meeting, first, StringComparison.Ordinal);
        Assert.Contains("matched entities", first, StringComparison.Ordinal);
        Assert.DoesNotContain("anywhere", first, StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests(TextPath(Meeting)));
        Assert.Equal(((long)System.Text.Encoding.UTF8.GetByteCount(EntityListText), false), await StoredBodyAsync(Meeting));

        // The same document again is no revision: its text is not read again.
        _server.Serve("/fr/bis.json", FederalRegisterBodies.Documents(d => (string?)d["document_number"] == Meeting,
            d => { d["raw_text_url"] = _server.Url(TextPath(Meeting)).AbsoluteUri; d["page_views"] = new JsonObject { ["count"] = 7 }; }), "application/json");
        await PollOnceAsync();
        Assert.Equal(1, _server.CountRequests(TextPath(Meeting)));

        // A revision (a new title) reads the text again.
        ServeDocuments([Meeting], d => d["title"] = "Sensors and Instrumentation Technical Advisory Committee; Notice of Closed Meeting");
        var revised = await PollOnceAsync();
        Assert.Equal(2, _server.CountRequests(TextPath(Meeting)));
        Assert.Contains("matched entities", revised, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_BodyExpression_CountsTheStoredItemsWhoseFullTextMatches()
    {
        // Two real BIS notices; only the first one's stored text says "Entity List".
        ServeDocuments(Meeting, Council);
        ServeText(Meeting, EntityListText);
        ServeText(Council, EntityListText.Replace("Entity List", "entity roster", StringComparison.Ordinal));
        await PollOnceAsync();

        Assert.Contains("subscribed", await ChatAsync("subscribe", "fr-bis"), StringComparison.Ordinal);
        var body = await ChatAsync("rule", "test", "--days", "3650", "body:\"Entity List\"");
        var text = await ChatAsync("rule", "test", "--days", "3650", "\"Entity List\"");

        Assert.Contains("(2 stored items): 1 match,", body, StringComparison.Ordinal);
        Assert.Contains(Meeting, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Council, body, StringComparison.Ordinal);
        Assert.Contains("matched Entity List", body, StringComparison.OrdinalIgnoreCase);

        // The default text field still leaves the full text out, as a poll does.
        Assert.Contains("(2 stored items): 0 matches", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_TextFetchFails_NoAlertThenTheAlertOnTheNextPoll()
    {
        ServeDocuments(Meeting);
        _server.Fail(TextPath(Meeting), 503);

        var failed = await PollOnceAsync();

        Assert.DoesNotContain("fr:" + Meeting, failed, StringComparison.Ordinal);
        Assert.Contains("1 documents wait for their full text until the next poll", failed, StringComparison.Ordinal);

        ServeText(Meeting, EntityListText);
        var next = await PollOnceAsync();

        Assert.Contains("fr:" + Meeting, next, StringComparison.Ordinal);
        Assert.Contains("matched entities", next, StringComparison.Ordinal);
        Assert.DoesNotContain("wait for their full text", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_TextPastTheSizeCap_IsCutAndWhatIsCutOffDoesNotMatch()
    {
        // The same real text with every "Entity List" of its first 2,000 characters reworded, then the text whole.
        var text = EntityListText.Replace("Entity List", "entity roster", StringComparison.Ordinal)[..2000] + "\n" + EntityListText;
        ServeDocuments(Meeting);
        ServeText(Meeting, text);

        var output = await PollOnceAsync("--PolicyWatch:Feeds:MaxFullTextBytes=1024");

        Assert.DoesNotContain("matched entities", output, StringComparison.Ordinal);
        Assert.Equal((1024L, true), await StoredBodyAsync(Meeting));
    }

    [Fact]
    public async Task PollOnce_CountCap_DefersTheRestToTheNextPoll()
    {
        ServeDocuments(Meeting, Council);
        ServeText(Meeting, EntityListText);
        ServeText(Council, EntityListText);

        var first = await PollOnceAsync("--PolicyWatch:Feeds:MaxFullTextsPerPoll=1");
        var second = await PollOnceAsync("--PolicyWatch:Feeds:MaxFullTextsPerPoll=1");

        Assert.Contains("1 documents wait for their full text until the next poll", first, StringComparison.Ordinal);
        Assert.Equal(1, new[] { Meeting, Council }.Count(n => first.Contains("fr:" + n, StringComparison.Ordinal)));
        Assert.Equal(1, new[] { Meeting, Council }.Count(n => second.Contains("fr:" + n, StringComparison.Ordinal)));
        Assert.DoesNotContain("wait for their full text", second, StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests(TextPath(Meeting)));
        Assert.Equal(1, _server.CountRequests(TextPath(Council)));
    }
}
