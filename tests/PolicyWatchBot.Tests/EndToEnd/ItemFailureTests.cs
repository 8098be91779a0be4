using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.EndToEnd;

/// <summary>
/// An item the downstream cannot handle fails alone: its stored snapshot unreadable, or one the
/// differ cannot compare (a list stored as null), or a stored post the renderer cannot render. The
/// feed's other items still alert, the reason is logged, and the feed's health (or the post's
/// status) says which was skipped and why. Real HTTP, real SQLite.
/// </summary>
public sealed class ItemFailureTests : IAsyncLifetime
{
    private const string Json = "application/json; charset=utf-8";
    private static readonly string[] BisDocuments = ["2024-00190", "2024-00359", "2024-00422", "2024-00582"];

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly RecordingLoggerProvider _logs = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeFeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Poll_StoredRevisionsTheDownstreamCannotHandle_ThoseItemsSkippedWithReasonsAndTheOthersAlert()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"v1\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await PipelineHost.StartAsync(_db, _feeds.Path, logs: _logs);
        Assert.Equal(BisDocuments.Length, (await host.PollAsync("fr-bis")).New);
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());
        await AppendRevisionAsync("fr:2024-00359", 2, "'{\"Key\":'");
        await AppendRevisionAsync("fr:2024-00422", 2, "json_set(snapshot, '$.CfrReferences', json('null'))");
        _server.Serve("/fr/bis.json", RetitledBisDocuments(), Json, "\"v2\"");
        var printedBefore = host.Console.ToString().Length;

        var report = await host.PollAsync("fr-bis");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(2, report.FailedItems);
        Assert.Equal(2, report.Changed);
        Assert.Equal(2, report.AlertsQueued);
        var output = host.Console.ToString()[printedBefore..];
        Assert.Contains("Changed · fr-bis · fr:2024-00190", output, StringComparison.Ordinal);
        Assert.Contains("Changed · fr-bis · fr:2024-00582", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fr:2024-00359", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fr:2024-00422", output, StringComparison.Ordinal);

        var state = await host.Store.GetFeedStateAsync(new FeedId("fr-bis"), Fixtures.Timeout());
        Assert.StartsWith("2 items were skipped (tried again next poll): fr:2024-00359: its stored revision cannot be read: revision 2: the snapshot is not an item's JSON", state.Warning, StringComparison.Ordinal);
        Assert.Equal("\"v1\"", state.ETag);
        Assert.Contains(_logs.Lines, l => l.Contains("item fr:2024-00422 left out of this poll", StringComparison.Ordinal)
            && l.Contains("cannot be compared with its stored revision: NullReferenceException", StringComparison.Ordinal));
        Assert.Equal(2, await host.Store.CountRevisionsAsync(ItemKey.FederalRegister("2024-00190"), Fixtures.Timeout()));
        Assert.Equal(2, await host.Store.CountRevisionsAsync(ItemKey.FederalRegister("2024-00359"), Fixtures.Timeout()));
    }

    [Fact]
    public async Task Poll_ItemsReadableAgain_WarningClearsAndTheSkippedItemsAlert()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"v1\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await PipelineHost.StartAsync(_db, _feeds.Path, logs: _logs);
        await host.PollAsync("fr-bis");
        await AppendRevisionAsync("fr:2024-00422", 2, "json_set(snapshot, '$.CfrReferences', json('null'))");
        _server.Serve("/fr/bis.json", RetitledBisDocuments(), Json, "\"v2\"");
        Assert.Equal(1, (await host.PollAsync("fr-bis")).FailedItems);

        await AppendRevisionAsync("fr:2024-00422", 3, "json_set(snapshot, '$.CfrReferences', json('[]'))");
        var report = await host.PollAsync("fr-bis");

        Assert.Equal(0, report.FailedItems);
        Assert.Equal(1, report.Changed);
        var state = await host.Store.GetFeedStateAsync(new FeedId("fr-bis"), Fixtures.Timeout());
        Assert.Null(state.Warning);
        Assert.Equal("\"v2\"", state.ETag);
    }

    [Fact]
    public async Task Drain_PostTheRendererCannotHandle_FailsAloneWithTheReasonAndTheChannelGoesOn()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await PipelineHost.StartAsync(_db, _feeds.Path, logs: _logs);
        await host.PollAsync("fr-bis");
        await ExecuteAsync("UPDATE alerts SET payload = json_set(payload, '$.Changes', json('null')) WHERE item_key = 'fr:2024-00359'");

        var waiting = await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Empty(waiting);
        var output = host.Console.ToString();
        Assert.DoesNotContain("fr:2024-00359", output, StringComparison.Ordinal);
        foreach (var number in BisDocuments.Where(n => n != "2024-00359"))
        {
            Assert.Contains("fr:" + number, output, StringComparison.Ordinal);
        }

        var counts = await host.Store.GetOutboxCountsAsync(Fixtures.Timeout());
        Assert.Equal((3, 1, 0), (counts.Sent, counts.Failed, counts.Pending));
        Assert.Equal("cannot be rendered: NullReferenceException", await ScalarAsync("SELECT substr(last_error, instr(last_error, 'cannot'), 42) FROM alerts WHERE item_key = 'fr:2024-00359'"));
        Assert.Contains(_logs.Lines, l => l.Contains("cannot be rendered", StringComparison.Ordinal));
    }

    private static string RetitledBisDocuments() => FederalRegisterBodies.Documents(
        d => BisDocuments.Contains((string?)d["document_number"]),
        d => d["title"] = (string?)d["title"] + " (corrected)");

    /// <summary>
    /// Stores revision <paramref name="revision"/> of an item as another program (or an older version)
    /// might have: its first revision's row with the snapshot <paramref name="snapshot"/> (SQL over the
    /// first snapshot); history is append-only, so a damaged revision can only be added, not edited in.
    /// </summary>
    private async Task AppendRevisionAsync(string item, int revision, string snapshot)
    {
        await ExecuteAsync($"""
            INSERT INTO item_revisions (item_key, revision, kind, feed_id, seen_at, published_on, snapshot, changes)
            SELECT item_key, {revision}, 'Changed', feed_id, seen_at, published_on, {snapshot}, '[]' FROM item_revisions WHERE item_key = '{item}' AND revision = 1
            """);
        await ExecuteAsync($"UPDATE items SET latest_revision = {revision} WHERE item_key = '{item}'");
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
