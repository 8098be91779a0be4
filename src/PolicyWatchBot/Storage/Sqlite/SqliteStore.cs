using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. This file holds feeds and items and the
/// shared plumbing; channels, mutes, alerts, the outbox and the audit log live in the other
/// <c>SqliteStore.*.cs</c> parts. Every change that is audited runs in one IMMEDIATE transaction
/// with its audit row, so a change is never recorded without its row or the other way round.
/// </summary>
internal sealed partial class SqliteStore(SqliteConnectionFactory connections, TimeProvider time) : IStore
{
    /// <summary>Calendar dates (publication) are stored as ISO text, so text order is date order.</summary>
    internal const string DateFormat = "yyyy-MM-dd";

    public string DatabasePath => connections.DatabasePath;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await SqliteMigrator.MigrateAsync(connection, cancellationToken);
        await ItemSearchRows.CatchUpAsync(connection, cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM schema_version");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public async Task<FeedState> GetFeedStateAsync(FeedId feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_state WHERE feed_id = $f", ("$f", feed.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadFeedState(reader) : FeedState.Empty(feed);
    }

    public async Task<IReadOnlyList<FeedState>> GetFeedStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_state ORDER BY feed_id");
        return await ReadAllAsync(command, ReadFeedState, cancellationToken);
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO feed_state (feed_id, url, etag, last_modified, body_hash, last_polled_at, last_success_at, last_error_at,
                                    last_error, consecutive_failures, last_item_count, warning, retry_after)
            VALUES ($f, $url, $etag, $lm, $hash, $polled, $success, $errorAt, $error, $failures, $count, $warning, $retry)
            ON CONFLICT (feed_id) DO UPDATE SET
                url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified, body_hash = excluded.body_hash,
                last_polled_at = excluded.last_polled_at, last_success_at = excluded.last_success_at,
                last_error_at = excluded.last_error_at, last_error = excluded.last_error,
                consecutive_failures = excluded.consecutive_failures, last_item_count = excluded.last_item_count,
                warning = excluded.warning, retry_after = excluded.retry_after
            """,
            ("$f", state.Feed.Value), ("$url", state.Url), ("$etag", state.ETag), ("$lm", state.LastModified), ("$hash", state.BodyHash),
            ("$polled", DbTime.WriteOrNull(state.LastPolledAt)), ("$success", DbTime.WriteOrNull(state.LastSuccessAt)),
            ("$errorAt", DbTime.WriteOrNull(state.LastErrorAt)), ("$error", state.LastError),
            ("$failures", state.ConsecutiveFailures), ("$count", state.LastItemCount), ("$warning", state.Warning),
            ("$retry", DbTime.WriteOrNull(state.RetryAfter)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<ItemKey>> FilterKnownAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var known = new HashSet<ItemKey>();
        foreach (var key in keys)
        {
            await using var command = Command(connection, "SELECT 1 FROM items WHERE item_key = $k", ("$k", key.Value));
            if (await command.ExecuteScalarAsync(cancellationToken) is not null)
            {
                known.Add(key);
            }
        }

        return known;
    }

    public async Task<IReadOnlyDictionary<ItemKey, FeedItem>> GetLatestItemsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT r.snapshot FROM items i JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision
            WHERE i.item_key = $k
            """, ("$k", ""));
        command.Prepare();
        var latest = new Dictionary<ItemKey, FeedItem>();
        foreach (var key in keys)
        {
            command.Parameters["$k"].Value = key.Value;
            if (await command.ExecuteScalarAsync(cancellationToken) is string snapshot)
            {
                latest[key] = JsonSerializer.Deserialize(snapshot, StorageJsonContext.Default.FeedItem)!;
            }
        }

        return latest;
    }

    public async Task<(string Body, bool Truncated)?> GetLatestBodyAsync(ItemKey item, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT body, truncated FROM item_bodies WHERE item_key = $k ORDER BY revision DESC LIMIT 1", ("$k", item.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetInt64(1) == 1) : null;
    }

    public async Task<IPollSession> BeginPollAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            // IMMEDIATE: take the write lock now, so two polls never diff against the same stale state.
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqlitePollSession(connection, transaction, time);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<int> CountRevisionsAsync(ItemKey item, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM item_revisions WHERE item_key = $k", ("$k", item.Value));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static string WriteDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>A command that runs inside the transaction (SQLite refuses one that does not name it).</summary>
    internal static SqliteCommand Command(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(transaction.Connection!, sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    internal static async Task<List<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    internal static async Task<int> ExecuteAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs the work in one IMMEDIATE transaction (the write lock taken up front) and commits it.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static FeedState ReadFeedState(SqliteDataReader reader) => new()
    {
        Feed = new FeedId(reader.GetString(reader.GetOrdinal("feed_id"))),
        Url = reader["url"] as string,
        ETag = reader["etag"] as string,
        LastModified = reader["last_modified"] as string,
        BodyHash = reader["body_hash"] as string,
        LastPolledAt = DbTime.ReadOrNull(reader["last_polled_at"]),
        LastSuccessAt = DbTime.ReadOrNull(reader["last_success_at"]),
        LastErrorAt = DbTime.ReadOrNull(reader["last_error_at"]),
        LastError = reader["last_error"] as string,
        ConsecutiveFailures = reader.GetInt32(reader.GetOrdinal("consecutive_failures")),
        LastItemCount = reader["last_item_count"] is long count ? (int)count : null,
        Warning = reader["warning"] as string,
        RetryAfter = DbTime.ReadOrNull(reader["retry_after"]),
    };

    private DateTimeOffset UtcNow() => time.GetUtcNow();

    private string Now() => DbTime.Write(time.GetUtcNow());
}
