using Microsoft.Data.Sqlite;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// Real SQLite failures injected into a test database from a second connection, the way a full
/// disk or a damaged file shows itself to the bot: a write aborted by the engine, a table gone.
/// </summary>
public static class SqliteFaults
{
    /// <summary>Every audit row whose <c>after</c> is LIKE <paramref name="after"/> aborts its transaction.</summary>
    public static Task FailAuditOfAsync(string connectionString, string after) =>
        ExecuteAsync(connectionString, $"""
            CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit WHEN NEW.after LIKE '{after.Replace("'", "''", StringComparison.Ordinal)}'
            BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;
            """);

    public static Task DropTableAsync(string connectionString, string table) =>
        ExecuteAsync(connectionString, $"PRAGMA foreign_keys = OFF; DROP TABLE {table};");

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Fixtures.Timeout());
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Fixtures.Timeout()))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Fixtures.Timeout());
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Fixtures.Timeout());
    }
}
