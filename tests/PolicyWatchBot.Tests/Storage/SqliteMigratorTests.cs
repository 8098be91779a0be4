using Microsoft.Data.Sqlite;
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
