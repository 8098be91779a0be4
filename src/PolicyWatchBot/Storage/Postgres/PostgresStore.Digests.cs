using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Digests;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Digest mode: a channel's schedule and next digest time (channels.digest_schedule,
/// next_digest_at), and its held alerts (alerts.status 'digest') posted as one digest, once: of two
/// instances releasing the same due digest, one moves next_digest_at and posts it, the other finds it moved.
/// </summary>
internal sealed partial class PostgresStore : IDigestStore
{
    public Task<DigestSchedule?> SetDigestScheduleAsync(long channelId, DigestSchedule? schedule, DateTimeOffset? nextDigestAt, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            await using var read = Command(transaction, "SELECT digest_schedule FROM channels WHERE id = @c", ("c", channelId));
            var before = ParseSchedule(await read.ExecuteScalarAsync(cancellationToken) as string);
            await using (var write = Command(transaction, "UPDATE channels SET digest_schedule = @s, next_digest_at = @next WHERE id = @c",
                ("c", channelId), ("s", schedule?.ToString()), ("next", schedule is null ? null : nextDigestAt)))
            {
                write.Parameters["next"].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            if (before != schedule)
            {
                await AuditRows.WriteAsync(transaction, channelId, actor, "digest", before?.ToString() ?? "off", schedule?.ToString() ?? "off", Now, cancellationToken);
            }

            return before;
        }, cancellationToken);

    public async Task<ChannelSettings> GetChannelSettingsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT flood_threshold, digest_schedule, next_digest_at, remind_comments, remind_effective FROM channels WHERE id = @c", ("c", channelId));
        var rows = await ReadAllAsync(command, r => new ChannelSettings(
            r.IsDBNull(0) ? AlertDigest.FloodThreshold : r.GetInt32(0),
            ParseSchedule(r.IsDBNull(1) ? null : r.GetString(1)),
            ReadInstantOrNull(r, "next_digest_at"))
        {
            Remind = ReminderRows.Settings(r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)),
        }, cancellationToken);
        return rows.Count == 0 ? new ChannelSettings(AlertDigest.FloodThreshold, null, null) : rows[0];
    }

    public async Task<IReadOnlyList<DueDigest>> GetDueDigestsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT id, digest_schedule, next_digest_at FROM channels
            WHERE digest_schedule IS NOT NULL AND next_digest_at IS NOT NULL AND next_digest_at <= @now
            ORDER BY next_digest_at, id
            """, ("now", now));
        var rows = await ReadAllAsync(command, r => (Id: r.GetInt64(0), Schedule: ParseSchedule(r.GetString(1)), Due: r.GetFieldValue<DateTimeOffset>(2)), cancellationToken);
        return [.. rows.Where(r => r.Schedule is not null).Select(r => new DueDigest(r.Id, r.Schedule!, r.Due))];
    }

    public async Task<DateTimeOffset?> GetNextDigestAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT MIN(next_digest_at) FROM channels WHERE digest_schedule IS NOT NULL");
        return await ReadInstantOrNullAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<AlertRecord>> GetDigestHeldAlertsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"{AlertRows.SelectRecord} WHERE a.channel_id = @c AND a.status = 'digest' ORDER BY a.id", ("c", channelId));
        return await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken);
    }

    /// <summary>Under the write lock: the digest is numbered as a poll numbers them, and a poll grouping the same alerts waits.</summary>
    public Task<string?> ReleaseDigestAsync(long channelId, DateTimeOffset? dueAt, DateTimeOffset? nextDigestAt, CancellationToken cancellationToken) =>
        WriteAsync<string?>(async transaction =>
        {
            await ExecuteAsync(transaction, WriteLock, cancellationToken);
            if (dueAt is { } due)
            {
                // Once: only while the channel's next digest is still the one this release is for.
                await using var move = Command(transaction, "UPDATE channels SET next_digest_at = @next WHERE id = @c AND next_digest_at = @due",
                    ("c", channelId), ("due", due), ("next", nextDigestAt));
                move.Parameters["next"].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
                if (await move.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return null;
                }
            }

            await using var command = Command(transaction, $"{AlertRows.SelectRecord} WHERE a.channel_id = @c AND a.status = 'digest' ORDER BY a.id", ("c", channelId));
            var held = await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken);
            if (held.Count == 0)
            {
                return null;
            }

            return await DigestRows.InsertAsync(transaction.Connection!, channelId, AlertDigest.Scheduled(held.Select(a => a.Message)), Now, cancellationToken);
        }, cancellationToken);

    /// <summary>A stored schedule, read as the command that set it (null when none, or no longer valid), as the SQLite store reads it.</summary>
    private static DigestSchedule? ParseSchedule(string? text) =>
        text is null ? null : CommandParser.Parse("digest " + text).Command is ChatCommand.Digest { Schedule: { } schedule } ? schedule : null;
}
