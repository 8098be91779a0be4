using Npgsql;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// The scale-out store: one PostgreSQL database shared by every instance. Each area of the store
/// contract is in its own <c>PostgresStore.*.cs</c> part and passes the same tests as the SQLite
/// store; this file holds the start and the shared plumbing.
/// Instants are timestamptz, read back in UTC; PostgreSQL keeps microseconds.
/// </summary>
internal sealed partial class PostgresStore(PostgresConnectionFactory connections, TimeProvider time) : IStore
{
    public string Describe => connections.Describe;

    /// <summary>"Now" for every row the store stamps (the same clock as the SQLite store's).</summary>
    internal DateTimeOffset Now => time.GetUtcNow();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await PostgresMigrator.MigrateAsync(connection, cancellationToken);
        await ItemSearchRows.CatchUpAsync(connection, cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM schema_version");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, Parameter(value));
        }

        return command;
    }

    /// <summary>A command that runs inside the transaction.</summary>
    internal static NpgsqlCommand Command(NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(transaction.Connection!, sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    internal static async Task<int> ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Runs the work in one read-committed transaction and commits it.</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Runs a change to one channel's setup in one transaction that first locks the channel's row, so
    /// changes to a channel take turns across instances as SQLite's write lock makes them on one file:
    /// each reads what it changes (the rule, the mute, the entry before) after the last one committed.
    /// FOR NO KEY UPDATE leaves the row's key free, so polls writing the channel's alerts do not wait.
    /// </summary>
    private Task<T> WriteChannelAsync<T>(long channelId, Func<NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            await ExecuteAsync(transaction, "SELECT 1 FROM channels WHERE id = @c FOR NO KEY UPDATE", cancellationToken, ("c", channelId));
            return await work(transaction);
        }, cancellationToken);

    /// <summary>Npgsql writes a timestamptz only from a UTC value; null becomes SQL NULL.</summary>
    private static object Parameter(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => value,
    };

    private static DateTimeOffset? ReadInstantOrNull(NpgsqlDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
    }

    private static string? ReadTextOrNull(NpgsqlDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
