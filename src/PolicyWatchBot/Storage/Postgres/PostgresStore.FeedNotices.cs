using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Feed health notices, as on SQLite: an outage row per told trouble of a feed (one open at a time,
/// by the partial unique index ux_feed_outages_open) and one outbox row per channel told, written in
/// the same transaction, so a notice is queued exactly when its outage is opened or closed, and never
/// twice, whichever instance opens or closes it and whatever restarts between.
/// </summary>
internal sealed partial class PostgresStore : IFeedNoticeStore
{
    public async Task<FeedOutage?> GetOpenOutageAsync(FeedId feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT feed_id, cause, since, told_at FROM feed_outages WHERE feed_id = @f AND recovered_at IS NULL", ("f", feed.Value));
        var rows = await ReadAllAsync(command, ReadOutage, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<FeedOutage>> GetOpenOutagesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT feed_id, cause, since, told_at FROM feed_outages WHERE recovered_at IS NULL ORDER BY feed_id COLLATE \"C\"");
        return await ReadAllAsync(command, ReadOutage, cancellationToken);
    }

    public Task<bool> OpenOutageAsync(FeedId feed, FeedHealthNotice notice, IReadOnlyCollection<long> channelIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Change == FeedHealthChange.Recovered)
        {
            throw new ArgumentException("an outage is opened by a Failing or Empty notice", nameof(notice));
        }

        return WriteAsync(async transaction =>
        {
            // A second instance opening the same outage waits on the index entry, then does nothing.
            await using var open = Command(transaction, """
                INSERT INTO feed_outages (feed_id, cause, since, told_at) VALUES (@f, @cause, @since, @at)
                ON CONFLICT (feed_id) WHERE recovered_at IS NULL DO NOTHING
                RETURNING id
                """, ("f", feed.Value), ("cause", StoredText.ChangeName(notice.Change)), ("since", notice.Since), ("at", notice.At));
            open.Parameters["since"].NpgsqlDbType = NpgsqlDbType.TimestampTz;
            if (await open.ExecuteScalarAsync(cancellationToken) is not long outage)
            {
                return false;
            }

            foreach (var channel in channelIds)
            {
                await QueueNoticeAsync(transaction, outage, channel, notice, cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    public Task<int?> CloseOutageAsync(FeedId feed, FeedHealthNotice notice, IReadOnlyCollection<long> subscriberIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return WriteAsync<int?>(async transaction =>
        {
            // A second instance closing it waits for the row, then finds it recovered and closes nothing.
            await using var close = Command(transaction, """
                UPDATE feed_outages SET recovered_at = @at WHERE feed_id = @f AND recovered_at IS NULL RETURNING id
                """, ("f", feed.Value), ("at", notice.At));
            if (await close.ExecuteScalarAsync(cancellationToken) is not long outage)
            {
                return null;
            }

            await using var told = Command(transaction,
                "SELECT DISTINCT channel_id FROM feed_notices WHERE outage_id = @o AND change <> 'recovered' ORDER BY channel_id", ("o", outage));
            var channels = (await ReadAllAsync(told, r => r.GetInt64(0), cancellationToken)).Union(subscriberIds).ToList();
            foreach (var channel in channels)
            {
                await QueueNoticeAsync(transaction, outage, channel, notice, cancellationToken);
            }

            return channels.Count;
        }, cancellationToken);
    }

    private static FeedOutage ReadOutage(NpgsqlDataReader row) => new(
        new FeedId(row.GetString(0)),
        StoredText.ReadOutageCause(row.GetString(1)),
        row.IsDBNull(2) ? null : row.GetFieldValue<DateTimeOffset>(2),
        row.GetFieldValue<DateTimeOffset>(3));

    /// <summary>Queues the notice to the channel: an outbox row whose public id (PWN-...) comes from its row id.</summary>
    private static async Task QueueNoticeAsync(NpgsqlTransaction transaction, long outage, long channel, FeedHealthNotice notice, CancellationToken cancellationToken)
    {
        await using var insert = Command(transaction, """
            INSERT INTO feed_notices (outage_id, channel_id, change, status, payload, created_at, next_attempt_at)
            VALUES (@o, @c, @change, 'pending', @payload, @at, @at)
            RETURNING id
            """, ("o", outage), ("c", channel), ("change", StoredText.ChangeName(notice.Change)),
            ("payload", JsonSerializer.Serialize(notice, StorageJsonContext.Default.FeedHealthNotice)), ("at", notice.At));
        insert.Parameters["payload"].NpgsqlDbType = NpgsqlDbType.Jsonb;
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await ExecuteAsync(transaction, "UPDATE feed_notices SET public_id = @pid WHERE id = @id", cancellationToken,
            ("id", id), ("pid", AlertId.ForFeedNotice(id)));
    }
}
