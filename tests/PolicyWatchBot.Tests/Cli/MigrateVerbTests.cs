using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Search;
using PolicyWatchBot.Core.Watchlists;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>
/// <c>migrate</c> from a SQLite store filled by the real code (two <c>poll --once</c> runs of the
/// real Federal Register answer, then its correction, into the console channel with rules, plus a
/// watchlist entry and a mute) into a fresh PostgreSQL schema of the test server.
/// </summary>
public sealed class MigrateVerbTests : IAsyncLifetime, IPostgresStoreTest
{
    private const string From = "Data Source=data/policywatch.db";
    private const string Password = "s3cret-pw-never-shown";

    private readonly TempSqliteDatabase _db = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private FakeFeedServer _server = null!;
    private TempPostgresSchema? _target;

    private static CancellationToken Ct => CancellationToken.None;

    private string SourcePath => Path.Combine(_db.Folder, "data", "policywatch.db");

    private string To => _target!.ConnectionString;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "fr-bis", "kind": "federal-register", "url": "{{_server.Url("/fr/bis.json")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": {
                "Feeds": { "Retries": 0 },
                "Console": { "Feeds": "all", "Rules": { "committees": "title:committee", "bis": "agency:\"industry and security\"" } }
              }
            }
            """);
        if (PostgresTestServer.SkipReason is null)
        {
            _target = await PostgresTestServer.CreateSchemaAsync(Ct);
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        _db.Dispose();
    }

    [StoreFact]
    public async Task Migrate_FilledStore_CopiesEveryTableWithItsRowCount()
    {
        await FillSourceAsync();

        var exit = await MigrateVerb.RunAsync(["--from", From, "--to", To], _output, _error, _db.Folder, Ct);

        Assert.True(exit == 0, _error.ToString());
        var source = await SourceCountsAsync();
        foreach (var table in new[] { "items", "item_revisions", "item_feeds", "alerts", "alert_rules", "threads", "thread_items", "audit", "channels", "rules", "subscriptions", "mutes", "watchlist_entries", "feed_state" })
        {
            Assert.True(source[table] > 0, $"the source has no {table} to copy");
        }

        foreach (var (table, rows) in source)
        {
            Assert.Equal((table, rows), (table, await TargetCountAsync(table)));
            Assert.Matches($@"(?m)^{table}\s+{rows:N0}\r?$", _output.ToString());
        }

        Assert.Equal(await SourceScalarAsync<long>("SELECT version FROM setup_version") + 1, await TargetScalarAsync<long>("SELECT version FROM setup_version"));
        Assert.DoesNotContain(Password, _error.ToString() + _output.ToString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Migrate_FilledStore_RowsKeepTheirValuesAndTypes()
    {
        await FillSourceAsync();

        Assert.Equal(0, await MigrateVerb.RunAsync(["--from", From, "--to", To], _output, _error, _db.Folder, Ct));

        var alertId = await SourceScalarAsync<long>("SELECT MAX(id) FROM alerts WHERE thread_id IS NOT NULL");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(await SourceScalarAsync<string>($"SELECT payload FROM alerts WHERE id = {alertId}")),
            JsonNode.Parse(await TargetScalarAsync<string>($"SELECT payload::text FROM alerts WHERE id = {alertId}"))));
        Assert.Equal(await SourceScalarAsync<long>($"SELECT thread_id FROM alerts WHERE id = {alertId}"), await TargetScalarAsync<long>($"SELECT thread_id FROM alerts WHERE id = {alertId}"));
        Assert.Equal(await SourceScalarAsync<string>($"SELECT status FROM alerts WHERE id = {alertId}"), await TargetScalarAsync<string>($"SELECT status FROM alerts WHERE id = {alertId}"));

        var auditId = await SourceScalarAsync<long>("SELECT MAX(id) FROM audit");
        var at = DbTime.Read(await SourceScalarAsync<string>($"SELECT at FROM audit WHERE id = {auditId}"));
        var copiedAt = await TargetScalarAsync<DateTime>($"SELECT at FROM audit WHERE id = {auditId}");
        Assert.Equal(DateTimeKind.Utc, copiedAt.Kind);
        // PostgreSQL keeps microseconds; DbTime writes tenths of them.
        Assert.Equal(at.UtcDateTime.Ticks / 10, copiedAt.Ticks / 10);
        Assert.Equal(await SourceScalarAsync<string>($"SELECT user_name || '|' || action || '|' || COALESCE(after, '') FROM audit WHERE id = {auditId}"),
            await TargetScalarAsync<string>($"SELECT user_name || '|' || action || '|' || COALESCE(after, '') FROM audit WHERE id = {auditId}"));

        const string Revision = "SELECT item_key, revision, kind, feed_id, published_on FROM item_revisions WHERE revision = 2 ORDER BY item_key LIMIT 1";
        var (key, kind, feed, published) = await SourceRowAsync(Revision);
        await using (var connection = await OpenTargetAsync())
        await using (var command = new NpgsqlCommand("SELECT kind, feed_id, published_on, snapshot::text, changes::text, seen_at FROM item_revisions WHERE item_key = @k AND revision = 2", connection))
        {
            command.Parameters.AddWithValue("k", key);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal(kind, reader.GetString(0));
            Assert.Equal(feed, reader.GetString(1));
            Assert.Equal(published, reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await SourceScalarAsync<string>($"SELECT snapshot FROM item_revisions WHERE item_key = '{key}' AND revision = 2")), JsonNode.Parse(reader.GetString(3))));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await SourceScalarAsync<string>($"SELECT changes FROM item_revisions WHERE item_key = '{key}' AND revision = 2")), JsonNode.Parse(reader.GetString(4))));
            Assert.Equal(DbTime.Read(await SourceScalarAsync<string>($"SELECT seen_at FROM item_revisions WHERE item_key = '{key}' AND revision = 2")).UtcDateTime.Ticks / 10, reader.GetDateTime(5).Ticks / 10);
        }

        Assert.Equal(await SourceScalarAsync<long>("SELECT COUNT(*) FROM rules WHERE urgent = 1"), await TargetScalarAsync<long>("SELECT COUNT(*) FROM rules WHERE urgent"));
    }

    [StoreFact]
    public async Task Migrate_FilledStore_ThePostgresStoreReadsWhatTheSqliteStoreRead()
    {
        await FillSourceAsync();
        var sqlite = SourceStore();
        var channel = await SourceScalarAsync<long>("SELECT id FROM channels WHERE platform = 'console'");
        var publicId = await SourceScalarAsync<string>("SELECT public_id FROM alerts WHERE thread_id IS NOT NULL ORDER BY id LIMIT 1");
        var query = new TermQuery.Terms(["committee"], false, [ItemField.Title]);

        Assert.Equal(0, await MigrateVerb.RunAsync(["--from", From, "--to", To], _output, _error, _db.Folder, Ct));

        await using var connections = new PostgresConnectionFactory(To);
        var postgres = new PostgresStore(connections, TimeProvider.System);
        await postgres.MigrateAsync(Ct);
        Assert.Equal(
            (await sqlite.GetRulesAsync(channel, Ct)).Select(r => (r.Name, r.Expression, r.Urgent)),
            (await postgres.GetRulesAsync(channel, Ct)).Select(r => (r.Name, r.Expression, r.Urgent)));
        var expected = await sqlite.FindAlertAsync(channel, publicId, Ct);
        var found = await postgres.FindAlertAsync(channel, publicId, Ct);
        Assert.NotNull(expected);
        Assert.NotNull(found);
        Assert.Equal((expected.Id, expected.Status, expected.DigestId, expected.CreatedAt.UtcTicks / 10), (found.Id, found.Status, found.DigestId, found.CreatedAt.UtcTicks / 10));
        Assert.Equal(JsonSerializer.Serialize(expected.Message, StorageJsonContext.Default.AlertMessage), JsonSerializer.Serialize(found.Message, StorageJsonContext.Default.AlertMessage));

        var since = new DateOnly(2000, 1, 1);
        var onSqlite = await sqlite.StreamItemsSinceAsync([new FeedId("fr-bis")], since, query, Ct).Select(i => i.Item.Key.Value).OrderBy(k => k, StringComparer.Ordinal).ToListAsync(Ct);
        var onPostgres = await postgres.StreamItemsSinceAsync([new FeedId("fr-bis")], since, query, Ct).Select(i => i.Item.Key.Value).OrderBy(k => k, StringComparer.Ordinal).ToListAsync(Ct);
        Assert.NotEmpty(onSqlite);
        Assert.Equal(onSqlite, onPostgres);
        // The store's start indexed every copied item.
        Assert.Equal(await TargetCountAsync("items"), await TargetCountAsync("item_terms"));

        // The identities go on after the copied ids.
        Assert.True(await postgres.AddRuleAsync(channel, new RuleDefinition("after-migrate", "chip"), StoreTestData.Ada, Ct));
        Assert.Equal(await SourceScalarAsync<long>("SELECT MAX(id) FROM rules") + 1, await TargetScalarAsync<long>("SELECT id FROM rules WHERE name = 'after-migrate'"));
    }

    [StoreFact]
    public async Task Migrate_TargetNotEmpty_Exits2AndChangesNothing()
    {
        await FillSourceAsync();
        Assert.Equal(0, await MigrateVerb.RunAsync(["--from", From, "--to", To], _output, _error, _db.Folder, Ct));
        var before = await TargetSnapshotAsync();
        using var error = new StringWriter();

        var exit = await MigrateVerb.RunAsync(["--from", From, "--to", To], TextWriter.Null, error, _db.Folder, Ct);

        Assert.Equal(2, exit);
        Assert.Contains("the target is not empty", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("items", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await TargetSnapshotAsync());
    }

    [StoreFact]
    public async Task Migrate_OneRowInTheTarget_IsRefusedNamingItsTable()
    {
        await FillSourceAsync();
        await using (var connection = await OpenTargetAsync())
        {
            await PostgresMigrator.MigrateAsync(connection, Ct);
            await using var insert = new NpgsqlCommand("INSERT INTO feed_state (feed_id) VALUES ('other')", connection);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var exit = await MigrateVerb.RunAsync(["--from", From, "--to", To], _output, _error, _db.Folder, Ct);

        Assert.Equal(2, exit);
        Assert.Contains("feed_state already holds rows", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await TargetCountAsync("items"));
        Assert.Equal(1, await TargetCountAsync("feed_state"));
    }

    [StoreFact]
    public async Task Migrate_UnreachableHost_Exits1WithoutThePassword()
    {
        await FillSourceAsync();
        var to = $"Host=no-such-host.invalid;Port=5432;Database=policywatch;Username=bot;Password={Password};Timeout=5";

        var exit = await MigrateVerb.RunAsync(["--from", From, "--to", to], _output, _error, _db.Folder, Ct);

        Assert.Equal(1, exit);
        var error = _error.ToString();
        Assert.Contains("cannot reach the PostgreSQL database no-such-host.invalid:5432/policywatch as bot", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error + _output, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Migrate_WrongPassword_Exits1WithoutThePassword()
    {
        await FillSourceAsync();
        var to = new NpgsqlConnectionStringBuilder(To) { Password = Password }.ConnectionString;

        var exit = await MigrateVerb.RunAsync(["--from", From, "--to", to], _output, _error, _db.Folder, Ct);

        Assert.Equal(1, exit);
        Assert.DoesNotContain(Password, _error.ToString() + _output, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", _error.ToString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Migrate_NoSourceFile_Exits1AndCreatesNone()
    {
        var exit = await MigrateVerb.RunAsync(["--from", "Data Source=data/missing.db", "--to", To], _output, _error, _db.Folder, Ct);

        Assert.Equal(1, exit);
        Assert.Contains("there is no SQLite database at", _error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Folder, "data", "missing.db")));
    }

    [StoreFact]
    public async Task Migrate_Stopped_Exits130AndRollsBack()
    {
        await FillSourceAsync();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var exit = await MigrateVerb.RunAsync(["--from", From, "--to", To], _output, _error, _db.Folder, stop.Token);

        Assert.Equal(CommandLine.Interrupted, exit);
        Assert.Contains("rolled back", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await TargetScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'items'"));
    }

    [Theory]
    [InlineData("--to", "Host=x")]
    [InlineData("--from", "Data Source=a.db")]
    [InlineData("--from", "Data Source=a.db", "--to", "Host=x", "--to", "Host=y")]
    [InlineData("--form", "Data Source=a.db", "--to", "Host=x")]
    public async Task Migrate_BadUsage_Exits2(params string[] args)
    {
        var exit = await MigrateVerb.RunAsync(args, _output, _error, _db.Folder, Ct);

        Assert.Equal(2, exit);
        Assert.Contains("usage: policywatch migrate", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_MigrateHelp_ShowsItsUsage()
    {
        var exit = await CommandLine.RunAsync(["migrate", "--help"], _output, _error);

        Assert.Equal(0, exit);
        Assert.Contains("usage: policywatch migrate --from", _output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The real code's writes: two polls (the published answer, then it with a correction), a watchlist entry and a mute.</summary>
    private async Task FillSourceAsync()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        Assert.Equal(0, await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], TextWriter.Null, _error, _db.Folder));
        _server.Serve("/fr/bis.json", WithCorrection(FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency)), "application/json");
        Assert.Equal(0, await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], TextWriter.Null, _error, _db.Folder));

        var store = SourceStore();
        var channel = await SourceScalarAsync<long>("SELECT id FROM channels WHERE platform = 'console'");
        await store.SaveWatchlistEntryAsync(channel, new WatchlistEntry("Huawei Technologies", ["Huawei"], "CN"), StoreTestData.Ada, Ct);
        await store.AddMuteAsync(channel, new MuteTarget(MuteScope.Rule, "committees"), DateTimeOffset.UnixEpoch.AddYears(100), StoreTestData.Ada, Ct);
        await store.SetRuleUrgentAsync(channel, "bis", true, StoreTestData.Ada, Ct);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The answer with its first document changed (a new title, so a revision 2) and a correction of it added.</summary>
    private static string WithCorrection(string body)
    {
        var answer = JsonNode.Parse(body)!.AsObject();
        var results = answer["results"]!.AsArray();
        var first = results[0]!.AsObject();
        var correction = first.DeepClone().AsObject();
        first["title"] = first["title"]!.GetValue<string>() + " (Revised)";
        var number = first["document_number"]!.GetValue<string>();
        correction["document_number"] = "2024-99999";
        correction["title"] = first["title"]!.GetValue<string>() + "; Correction";
        correction["correction_of"] = $"https://www.federalregister.gov/api/v1/documents/{number}";
        results.Add(correction);
        answer["count"] = results.Count;
        return answer.ToJsonString();
    }

    /// <summary>Every table of the SQLite schema and its rows, but SQLite's own, the term index's and the schema version.</summary>
    private async Task<Dictionary<string, long>> SourceCountsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={SourcePath}");
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'item_terms%' AND name NOT IN ('schema_version', 'setup_version')";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table}";
            counts[table] = (long)(await count.ExecuteScalarAsync(Ct))!;
        }

        return counts;
    }

    private SqliteStore SourceStore() => new(new SqliteConnectionFactory(From, _db.Folder), TimeProvider.System);

    private async Task<T> SourceScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={SourcePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<(string Key, string Kind, string Feed, string? Published)> SourceRowAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={SourcePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct), "the source has no revision 2");
        return (reader.GetString(0), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    private async Task<NpgsqlConnection> OpenTargetAsync()
    {
        var connection = new NpgsqlConnection(To);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private async Task<T> TargetScalarAsync<T>(string sql)
    {
        await using var connection = await OpenTargetAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private Task<long> TargetCountAsync(string table) => TargetScalarAsync<long>($"SELECT COUNT(*) FROM {table}");

    /// <summary>Every table's rows, the setup version and the audit's last id: what a refused copy must leave as it was.</summary>
    private async Task<string> TargetSnapshotAsync()
    {
        var counts = new List<string>();
        foreach (var table in (await SourceCountsAsync()).Keys.Order(StringComparer.Ordinal))
        {
            counts.Add($"{table}={await TargetCountAsync(table)}");
        }

        counts.Add($"setup_version={await TargetScalarAsync<long>("SELECT version FROM setup_version")}");
        counts.Add($"audit_id={await TargetScalarAsync<long>("SELECT MAX(id) FROM audit")}");
        return string.Join(", ", counts);
    }
}
