using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using PolicyWatchBot.Audit;
using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// The audit log of a PostgreSQL database, for export: nothing is migrated, created or written (the
/// log is read in one READ ONLY transaction), so an export can run beside the bots. The transaction
/// is repeatable read, so an export is one snapshot: rows appended while it runs are left for the
/// next. Rows are streamed from the reader in the order they were appended, never loaded at once.
/// </summary>
internal sealed class PostgresAuditLog : IAuditLog
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private PostgresAuditLog(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Opens the database; one without PolicyWatchBot's tables fails here with an <see cref="InvalidDataException"/>.</summary>
    public static async Task<PostgresAuditLog> OpenReadOnlyAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using (var readOnly = PostgresStore.Command(transaction, "SET TRANSACTION READ ONLY"))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var check = PostgresStore.Command(transaction, "SELECT to_regclass('audit') IS NOT NULL AND to_regclass('channels') IS NOT NULL");
            if (!(bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new InvalidDataException("it has no audit log (a PostgreSQL database, but not a PolicyWatchBot one)");
            }

            return new PostgresAuditLog(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<AuditChannel>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        await using var command = PostgresStore.Command(_transaction, "SELECT id, platform, workspace, channel, display_name FROM channels ORDER BY id");
        return await PostgresStore.ReadAllAsync(command,
            r => new AuditChannel(r.GetInt64(0), new ChannelKey(r.GetString(1), r.GetString(2), r.GetString(3)), r.GetString(4)), cancellationToken);
    }

    public async IAsyncEnumerable<AuditLogRow> ReadAsync(long? channelId, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = PostgresStore.Command(_transaction, """
            SELECT a.id, a.at, c.platform, c.workspace, c.channel, c.display_name, a.user_id, a.user_name, a.action, a.before, a.after
            FROM audit a LEFT JOIN channels c ON c.id = a.channel_id
            WHERE (@channel::bigint IS NULL OR a.channel_id = @channel) AND (@since::timestamptz IS NULL OR a.at >= @since)
            ORDER BY a.id
            """,
            ("channel", channelId), ("since", since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditLogRow(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : new ChannelKey(reader.GetString(2), reader.GetString(3), reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
