using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Audit;
using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// The audit log of a database file opened read-only, for export: nothing is migrated, created or
/// written, so an export can run beside the bot. Rows are streamed from the reader in the order
/// they were appended, never loaded at once.
/// </summary>
internal sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteConnection _connection;

    private SqliteAuditLog(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the file read-only; a file that is not a SQLite database fails here with a <see cref="SqliteException"/>.</summary>
    public static async Task<SqliteAuditLog> OpenReadOnlyAsync(string databasePath, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var check = SqliteStore.Command(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit', 'channels')");
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! != 2)
            {
                throw new InvalidDataException("it has no audit log (a SQLite file, but not a PolicyWatchBot database)");
            }

            return new SqliteAuditLog(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<AuditChannel>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        await using var command = SqliteStore.Command(_connection, "SELECT id, platform, workspace, channel, display_name FROM channels ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var channels = new List<AuditChannel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            channels.Add(new AuditChannel(reader.GetInt64(0), new ChannelKey(reader.GetString(1), reader.GetString(2), reader.GetString(3)), reader.GetString(4)));
        }

        return channels;
    }

    public async IAsyncEnumerable<AuditLogRow> ReadAsync(long? channelId, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = SqliteStore.Command(_connection, """
            SELECT a.id, a.at, c.platform, c.workspace, c.channel, c.display_name, a.user_id, a.user_name, a.action, a.before, a.after
            FROM audit a LEFT JOIN channels c ON c.id = a.channel_id
            WHERE ($channel IS NULL OR a.channel_id = $channel) AND ($since IS NULL OR a.at >= $since)
            ORDER BY a.id
            """,
            ("$channel", channelId), ("$since", since is { } instant ? DbTime.Write(instant) : null));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditLogRow(
                reader.GetInt64(0),
                DbTime.Read(reader.GetString(1)),
                reader.IsDBNull(2) ? null : new ChannelKey(reader.GetString(2), reader.GetString(3), reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10));
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
