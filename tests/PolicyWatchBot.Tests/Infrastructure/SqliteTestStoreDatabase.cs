using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A migrated SQLite store in a real temp file.</summary>
internal sealed class SqliteTestStoreDatabase : TestStoreDatabase
{
    private readonly TempSqliteDatabase _file;
    private readonly object _store;

    private SqliteTestStoreDatabase(TempSqliteDatabase file, object store)
    {
        _file = file;
        _store = store;
    }

    public override object Store => _store;

    public string ConnectionString => _file.ConnectionString;

    public static async Task<TestStoreDatabase> OpenAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var file = new TempSqliteDatabase();
        var store = file.CreateStore(clock);
        await store.MigrateAsync(cancellationToken);
        return new SqliteTestStoreDatabase(file, store);
    }

    public override async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = CreateCommand(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(Fixtures.Timeout());
    }

    public override async Task<T> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = CreateCommand(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(Fixtures.Timeout()))!;
    }

    public override async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = CreateCommand(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(Fixtures.Timeout());
        var rows = new List<T>();
        while (await reader.ReadAsync(Fixtures.Timeout()))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public override Task FailAuditOfAsync(string after) => SqliteFaults.FailAuditOfAsync(_file.ConnectionString, after);

    public override ValueTask DisposeAsync()
    {
        _file.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync(Fixtures.Timeout());
        return connection;
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("@" + name, value ?? DBNull.Value);
        }

        return command;
    }
}
