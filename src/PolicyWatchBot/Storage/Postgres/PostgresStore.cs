using Npgsql;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// The scale-out store: one PostgreSQL database shared by every instance. Built area by area, each
/// area in its own <c>PostgresStore.*.cs</c> part implementing that part of the store contract and
/// passing the same tests as the SQLite store; this file holds the start and the shared plumbing.
/// Instants are timestamptz, read back in UTC; PostgreSQL keeps microseconds.
/// </summary>
internal sealed partial class PostgresStore(PostgresConnectionFactory connections, TimeProvider time)
{
    public string Describe => connections.Describe;

    /// <summary>"Now" for every row the store stamps (the same clock as the SQLite store's).</summary>
    internal DateTimeOffset Now => time.GetUtcNow();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await PostgresMigrator.MigrateAsync(connection, cancellationToken);
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
}
