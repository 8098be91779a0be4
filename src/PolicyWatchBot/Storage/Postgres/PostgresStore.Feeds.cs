using Npgsql;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>Feeds' polling state and their history backfills, one row per feed each.</summary>
internal sealed partial class PostgresStore : IFeedStateStore
{
    public async Task<FeedState> GetFeedStateAsync(FeedId feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_state WHERE feed_id = @f", ("f", feed.Value));
        var rows = await ReadAllAsync(command, ReadFeedState, cancellationToken);
        return rows.Count == 0 ? FeedState.Empty(feed) : rows[0];
    }

    public async Task<IReadOnlyList<FeedState>> GetFeedStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_state ORDER BY feed_id COLLATE \"C\"");
        return await ReadAllAsync(command, ReadFeedState, cancellationToken);
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO feed_state (feed_id, url, etag, last_modified, body_hash, last_polled_at, last_success_at, last_error_at,
                                    last_error, consecutive_failures, last_item_count, warning, retry_after)
            VALUES (@f, @url, @etag, @lm, @hash, @polled, @success, @errorAt, @error, @failures, @count, @warning, @retry)
            ON CONFLICT (feed_id) DO UPDATE SET
                url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified, body_hash = excluded.body_hash,
                last_polled_at = excluded.last_polled_at, last_success_at = excluded.last_success_at,
                last_error_at = excluded.last_error_at, last_error = excluded.last_error,
                consecutive_failures = excluded.consecutive_failures, last_item_count = excluded.last_item_count,
                warning = excluded.warning, retry_after = excluded.retry_after
            """,
            ("f", state.Feed.Value), ("url", state.Url), ("etag", state.ETag), ("lm", state.LastModified), ("hash", state.BodyHash),
            ("polled", state.LastPolledAt), ("success", state.LastSuccessAt), ("errorAt", state.LastErrorAt), ("error", state.LastError),
            ("failures", state.ConsecutiveFailures), ("count", state.LastItemCount), ("warning", state.Warning), ("retry", state.RetryAfter));
        TypeInstants(command, "polled", "success", "errorAt", "retry");
        command.Parameters["count"].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<FeedBackfill?> GetBackfillAsync(FeedId feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_backfills WHERE feed_id = @f", ("f", feed.Value));
        var rows = await ReadAllAsync(command, ReadBackfill, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<FeedBackfill>> GetBackfillsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_backfills ORDER BY feed_id COLLATE \"C\"");
        return await ReadAllAsync(command, ReadBackfill, cancellationToken);
    }

    public async Task SaveBackfillAsync(FeedBackfill backfill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO feed_backfills (feed_id, url, days, from_date, through_date, read_from, documents, unread, started_at, completed_at, last_error)
            VALUES (@f, @url, @days, @from, @through, @readFrom, @documents, @unread, @started, @completed, @error)
            ON CONFLICT (feed_id) DO UPDATE SET
                url = excluded.url, days = excluded.days, from_date = excluded.from_date, through_date = excluded.through_date,
                read_from = excluded.read_from, documents = excluded.documents, unread = excluded.unread,
                started_at = excluded.started_at, completed_at = excluded.completed_at, last_error = excluded.last_error
            """,
            ("f", backfill.Feed.Value), ("url", backfill.Url), ("days", backfill.Days), ("from", backfill.From), ("through", backfill.Through),
            ("readFrom", backfill.ReadFrom), ("documents", backfill.Documents), ("unread", backfill.Unread),
            ("started", backfill.StartedAt), ("completed", backfill.CompletedAt), ("error", backfill.LastError));
        TypeInstants(command, "started", "completed");
        command.Parameters["readFrom"].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives nullable instants their type, which a NULL alone does not carry.</summary>
    private static void TypeInstants(NpgsqlCommand command, params string[] names)
    {
        foreach (var name in names)
        {
            command.Parameters[name].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
        }
    }

    private static FeedState ReadFeedState(NpgsqlDataReader reader) => new()
    {
        Feed = new FeedId(reader.GetString(reader.GetOrdinal("feed_id"))),
        Url = ReadTextOrNull(reader, "url"),
        ETag = ReadTextOrNull(reader, "etag"),
        LastModified = ReadTextOrNull(reader, "last_modified"),
        BodyHash = ReadTextOrNull(reader, "body_hash"),
        LastPolledAt = ReadInstantOrNull(reader, "last_polled_at"),
        LastSuccessAt = ReadInstantOrNull(reader, "last_success_at"),
        LastErrorAt = ReadInstantOrNull(reader, "last_error_at"),
        LastError = ReadTextOrNull(reader, "last_error"),
        ConsecutiveFailures = reader.GetInt32(reader.GetOrdinal("consecutive_failures")),
        LastItemCount = reader.IsDBNull(reader.GetOrdinal("last_item_count")) ? null : reader.GetInt32(reader.GetOrdinal("last_item_count")),
        Warning = ReadTextOrNull(reader, "warning"),
        RetryAfter = ReadInstantOrNull(reader, "retry_after"),
    };

    private static FeedBackfill ReadBackfill(NpgsqlDataReader reader) => new()
    {
        Feed = new FeedId(reader.GetString(reader.GetOrdinal("feed_id"))),
        Url = reader.GetString(reader.GetOrdinal("url")),
        Days = reader.GetInt32(reader.GetOrdinal("days")),
        From = reader.GetFieldValue<DateOnly>(reader.GetOrdinal("from_date")),
        Through = reader.GetFieldValue<DateOnly>(reader.GetOrdinal("through_date")),
        ReadFrom = reader.IsDBNull(reader.GetOrdinal("read_from")) ? null : reader.GetFieldValue<DateOnly>(reader.GetOrdinal("read_from")),
        Documents = reader.GetInt32(reader.GetOrdinal("documents")),
        Unread = reader.GetInt32(reader.GetOrdinal("unread")),
        StartedAt = reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("started_at")),
        CompletedAt = ReadInstantOrNull(reader, "completed_at"),
        LastError = ReadTextOrNull(reader, "last_error"),
    };
}
