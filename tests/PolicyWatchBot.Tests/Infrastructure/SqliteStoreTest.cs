using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A test class over a migrated SQLite store in a real temp file, on a fake clock. The file is
/// deleted when the class's tests are done.
/// </summary>
public abstract class SqliteStoreTest : IAsyncLifetime
{
    internal FakeTimeProvider Clock { get; } = new(StoreTestData.Start);

    internal TempSqliteDatabase Database { get; } = new();

    internal CancellationToken Ct { get; } = Fixtures.Timeout();

    internal SqliteStore Store { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Store = Database.CreateStore(Clock);
        await Store.MigrateAsync(Ct);
    }

    /// <summary>Runs SQL on the file directly, past the store (to look at rows, or try what the store never does).</summary>
    internal async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    internal async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    public virtual Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}
