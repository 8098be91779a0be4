using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteMigratorTests : IDisposable
{
    private readonly TempSqliteDatabase _db = new();
    private readonly CancellationToken _ct = Fixtures.Timeout();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Scripts_Embedded_AreNumberedFromOneWithoutGaps()
    {
        Assert.NotEmpty(SqliteMigrator.Scripts);
        Assert.Equal(Enumerable.Range(1, SqliteMigrator.Scripts.Count), SqliteMigrator.Scripts.Select(s => s.Version));
    }

    [Fact]
    public async Task MigrateAsync_FreshFile_RecordsEachScriptOnce()
    {
        await _db.CreateStore().MigrateAsync(_ct);

        Assert.Equal(SqliteMigrator.Scripts.Select(s => (long)s.Version), await VersionsAsync());
    }

    [Fact]
    public async Task MigrateAsync_SecondTime_AddsNoVersionRows()
    {
        var store = _db.CreateStore();
        await store.MigrateAsync(_ct);

        await store.MigrateAsync(_ct);

        Assert.Equal(SqliteMigrator.Scripts.Count, (await VersionsAsync()).Count);
    }

    [Fact]
    public async Task MigrateAsync_NewStoreInstance_AddsNoVersionRows()
    {
        await _db.CreateStore().MigrateAsync(_ct);
        SqliteConnection.ClearAllPools();

        await _db.CreateStore().MigrateAsync(_ct);

        Assert.Equal(SqliteMigrator.Scripts.Count, (await VersionsAsync()).Count);
    }

    [Fact]
    public async Task MigratorMigrateAsync_AlreadyMigrated_AppliesNothing()
    {
        await _db.CreateStore().MigrateAsync(_ct);
        await using var connection = await OpenAsync();

        Assert.Equal(0, await SqliteMigrator.MigrateAsync(connection, _ct));
    }

    [Fact]
    public async Task MigrateAsync_FreshFile_SetsWalJournalMode()
    {
        await _db.CreateStore().MigrateAsync(_ct);
        SqliteConnection.ClearAllPools();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(_ct));
    }

    [Fact]
    public async Task PingAsync_AfterMigrate_ReturnsTrue()
    {
        var store = _db.CreateStore();
        await store.MigrateAsync(_ct);

        Assert.True(await store.PingAsync(_ct));
    }

    [Fact]
    public async Task MigrateAsync_Version1DatabaseWithData_UpgradesAndKeepsTheData()
    {
        const string AlertId = "PW-0001";
        await CreateVersion1DatabaseAsync(AlertId);
        var store = _db.CreateStore(new FakeTimeProvider(StoreTestData.Start));

        await store.MigrateAsync(_ct);

        Assert.Equal(Enumerable.Range(1, SqliteMigrator.Scripts.Count).Select(v => (long)v), await VersionsAsync());
        var alert = await store.FindAlertAsync(1, AlertId, _ct);
        Assert.Equal((AlertStatus.Pending, "Additions to the Entity List"), (alert!.Status, alert.Message.Title));
        Assert.Equal(1, (await store.CountRuleHitsAsync(1, StoreTestData.Start - TimeSpan.FromDays(30), _ct))["entity-list"]);
        Assert.Equal(new Actor("U1", "U1"), Assert.Single(await store.GetActiveMutesAsync(1, _ct)).CreatedBy);
        Assert.Equal(AlertId, Assert.Single(await store.ClaimDueAsync("worker", StoreTestData.Start, TimeSpan.FromMinutes(1), 10, _ct)).Post.PostId);
    }

    /// <summary>A database as release 1 left it: only 0001 applied, one channel, one pending alert, one active mute.</summary>
    private async Task CreateVersion1DatabaseAsync(string alertId)
    {
        var item = StoreTestData.Item();
        var payload = JsonSerializer.Serialize(StoreTestData.Message(item) with { AlertId = alertId }, StorageJsonContext.Default.AlertMessage);
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream("PolicyWatchBot.Storage.Sqlite.Migrations.0001_initial.sql")!;
        using var reader = new StreamReader(stream);
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
            {await reader.ReadToEndAsync(_ct)}
            INSERT INTO schema_version VALUES (1, '0001_initial.sql', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO channels (id, platform, workspace, channel, display_name, created_at)
            VALUES (1, 'console', 'local', 'alerts', 'alerts', '2026-03-01T00:00:00.0000000Z');
            INSERT INTO alerts (id, public_id, channel_id, item_key, revision, kind, status, payload, created_at, next_attempt_at)
            VALUES (1, '{alertId}', 1, '{item.Key.Value}', 1, 'New', 'pending', $payload, '2026-03-01T00:00:00.0000000Z', '2026-03-01T00:00:00.0000000Z');
            INSERT INTO mutes (channel_id, scope, target, until, created_at, created_by)
            VALUES (1, 'rule', 'chips', '2099-01-01T00:00:00.0000000Z', '2026-03-01T00:00:00.0000000Z', 'U1');
            """;
        command.Parameters.AddWithValue("$payload", payload);
        await command.ExecuteNonQueryAsync(_ct);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(_ct);
        return connection;
    }

    private async Task<List<long>> VersionsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(_ct);
        var versions = new List<long>();
        while (await reader.ReadAsync(_ct))
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }
}
