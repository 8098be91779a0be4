using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Digests;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// Digest mode: a channel's schedule and next digest time (channels.digest_schedule,
/// next_digest_at), and its held alerts (alerts.status 'digest') posted as one digest, once.
/// </summary>
internal sealed partial class SqliteStore
{
    public Task<DigestSchedule?> SetDigestScheduleAsync(long channelId, DigestSchedule? schedule, DateTimeOffset? nextDigestAt, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            await using var read = Command(transaction, "SELECT digest_schedule FROM channels WHERE id = $c", ("$c", channelId));
            var before = ParseSchedule(await read.ExecuteScalarAsync(cancellationToken) as string);
            await ExecuteAsync(transaction, "UPDATE channels SET digest_schedule = $s, next_digest_at = $next WHERE id = $c", cancellationToken,
                ("$c", channelId), ("$s", schedule?.ToString()), ("$next", DbTime.WriteOrNull(schedule is null ? null : nextDigestAt)));
            if (before != schedule)
            {
                await AuditRows.WriteAsync(transaction, channelId, actor, "digest", before?.ToString() ?? "off", schedule?.ToString() ?? "off", UtcNow(), cancellationToken);
            }

            return before;
        }, cancellationToken);

    public async Task<ChannelSettings> GetChannelSettingsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT flood_threshold, digest_schedule, next_digest_at, remind_comments, remind_effective FROM channels WHERE id = $c", ("$c", channelId));
        var rows = await ReadAllAsync(command, r => new ChannelSettings(
            r.IsDBNull(0) ? AlertDigest.FloodThreshold : r.GetInt32(0),
            ParseSchedule(r.IsDBNull(1) ? null : r.GetString(1)),
            DbTime.ReadOrNull(r["next_digest_at"]))
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
            WHERE digest_schedule IS NOT NULL AND next_digest_at IS NOT NULL AND next_digest_at <= $now
            ORDER BY next_digest_at, id
            """, ("$now", DbTime.Write(now)));
        var rows = await ReadAllAsync(command, r => (Id: r.GetInt64(0), Schedule: ParseSchedule(r.GetString(1)), Due: DbTime.Read(r.GetString(2))), cancellationToken);
        return [.. rows.Where(r => r.Schedule is not null).Select(r => new DueDigest(r.Id, r.Schedule!, r.Due))];
    }

    public async Task<DateTimeOffset?> GetNextDigestAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT MIN(next_digest_at) FROM channels WHERE digest_schedule IS NOT NULL");
        return DbTime.ReadOrNull(await command.ExecuteScalarAsync(cancellationToken) ?? DBNull.Value);
    }

    public async Task<IReadOnlyList<AlertRecord>> GetDigestHeldAlertsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"{AlertRows.SelectRecord} WHERE a.channel_id = $c AND a.status = 'digest' ORDER BY a.id", ("$c", channelId));
        return await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken);
    }

    public Task<string?> ReleaseDigestAsync(long channelId, DateTimeOffset? dueAt, DateTimeOffset? nextDigestAt, CancellationToken cancellationToken) =>
        WriteAsync<string?>(async transaction =>
        {
            if (dueAt is { } due)
            {
                // Once: only while the channel's next digest is still the one this release is for.
                var moved = await ExecuteAsync(transaction, "UPDATE channels SET next_digest_at = $next WHERE id = $c AND next_digest_at = $due",
                    cancellationToken, ("$c", channelId), ("$due", DbTime.Write(due)), ("$next", DbTime.WriteOrNull(nextDigestAt)));
                if (moved == 0)
                {
                    return null;
                }
            }

            await using var command = Command(transaction, $"{AlertRows.SelectRecord} WHERE a.channel_id = $c AND a.status = 'digest' ORDER BY a.id", ("$c", channelId));
            var held = await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken);
            if (held.Count == 0)
            {
                return null;
            }

            return await DigestRows.InsertAsync(transaction, channelId, AlertDigest.Scheduled(held.Select(a => a.Message)), UtcNow(), cancellationToken);
        }, cancellationToken);

    /// <summary>A stored schedule, read as the command that set it (null when none, or no longer valid).</summary>
    internal static DigestSchedule? ParseSchedule(string? text) =>
        text is null ? null : CommandParser.Parse("digest " + text).Command is ChatCommand.Digest { Schedule: { } schedule } ? schedule : null;
}
