using System.Globalization;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>History backfills of Federal Register feeds: one row per feed, its progress saved after each window read.</summary>
internal sealed partial class SqliteStore
{
    public async Task<FeedBackfill?> GetBackfillAsync(FeedId feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_backfills WHERE feed_id = $f", ("$f", feed.Value));
        var rows = await ReadAllAsync(command, ReadBackfill, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<FeedBackfill>> GetBackfillsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_backfills ORDER BY feed_id");
        return await ReadAllAsync(command, ReadBackfill, cancellationToken);
    }

    public async Task SaveBackfillAsync(FeedBackfill backfill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO feed_backfills (feed_id, url, days, from_date, through_date, read_from, documents, unread, started_at, completed_at, last_error)
            VALUES ($f, $url, $days, $from, $through, $readFrom, $documents, $unread, $started, $completed, $error)
            ON CONFLICT (feed_id) DO UPDATE SET
                url = excluded.url, days = excluded.days, from_date = excluded.from_date, through_date = excluded.through_date,
                read_from = excluded.read_from, documents = excluded.documents, unread = excluded.unread,
                started_at = excluded.started_at, completed_at = excluded.completed_at, last_error = excluded.last_error
            """,
            ("$f", backfill.Feed.Value), ("$url", backfill.Url), ("$days", backfill.Days),
            ("$from", WriteDate(backfill.From)), ("$through", WriteDate(backfill.Through)),
            ("$readFrom", backfill.ReadFrom is { } readFrom ? WriteDate(readFrom) : DBNull.Value),
            ("$documents", backfill.Documents), ("$unread", backfill.Unread),
            ("$started", DbTime.Write(backfill.StartedAt)), ("$completed", DbTime.WriteOrNull(backfill.CompletedAt)), ("$error", backfill.LastError));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateOnly ReadDate(object value) => DateOnly.ParseExact((string)value, DateFormat, CultureInfo.InvariantCulture);

    private static FeedBackfill ReadBackfill(SqliteDataReader reader) => new()
    {
        Feed = new FeedId(reader.GetString(reader.GetOrdinal("feed_id"))),
        Url = reader.GetString(reader.GetOrdinal("url")),
        Days = reader.GetInt32(reader.GetOrdinal("days")),
        From = ReadDate(reader["from_date"]),
        Through = ReadDate(reader["through_date"]),
        ReadFrom = reader["read_from"] is string readFrom ? ReadDate(readFrom) : null,
        Documents = reader.GetInt32(reader.GetOrdinal("documents")),
        Unread = reader.GetInt32(reader.GetOrdinal("unread")),
        StartedAt = DbTime.Read(reader.GetString(reader.GetOrdinal("started_at"))),
        CompletedAt = DbTime.ReadOrNull(reader["completed_at"]),
        LastError = reader["last_error"] as string,
    };
}
