using Npgsql;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Alerts as commands see them, digests added outside a poll, and acknowledgements, as on SQLite (see
/// SqliteStore.Alerts for what an acknowledgement records and which edits it queues). What the engine
/// changes: an acknowledgement locks the alerts it reads (FOR UPDATE), so two instances acknowledging
/// one alert at once record it once, the second finding it acknowledged; a digest added outside a poll
/// takes the write lock, as its id is numbered MAX(id) + 1 as a poll numbers them.
/// </summary>
internal sealed partial class PostgresStore : IAlertStore
{
    private const int MaxFailedListed = 20;

    /// <summary>Alerts only: a digest id finds nothing, nor does another channel's alert.</summary>
    public async Task<AlertRecord?> FindAlertAsync(long channelId, string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"{AlertRows.SelectRecord} WHERE a.channel_id = @c AND a.public_id = @pid",
            ("c", channelId), ("pid", AlertId.Normalize(alertId) ?? alertId));
        return (await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken)).FirstOrDefault();
    }

    /// <inheritdoc cref="DigestRows.InsertAsync(NpgsqlConnection, long, AlertDigest, DateTimeOffset, CancellationToken)"/>
    public Task<string> AddDigestAsync(long channelId, AlertDigest digest, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            await ExecuteAsync(transaction, WriteLock, cancellationToken);
            return await DigestRows.InsertAsync(transaction.Connection!, channelId, digest, Now, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// <paramref name="id"/> is an alert id, or a digest id (<c>PWG-</c>) meaning every alert of that
    /// digest not acknowledged yet. Not found when the id is not this channel's, or the digest
    /// groups no alert; already acknowledged (with the earliest acknowledgement) when nothing is left to acknowledge.
    /// </summary>
    public Task<AcknowledgeResult> AcknowledgeAsync(long channelId, string id, Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var normalized = AlertId.Normalize(id) ?? id;
        return WriteAsync(async transaction =>
        {
            var connection = transaction.Connection!;
            var target = AlertId.IsDigestId(normalized)
                ? await ReadDigestAlertsAsync(connection, channelId, normalized, cancellationToken)
                : await ReadAlertAsync(connection, channelId, normalized, cancellationToken);
            if (target is null || target.Alerts.Count == 0)
            {
                return new AcknowledgeResult.NotFound();
            }

            var open = target.Alerts.Where(a => a.Acknowledged is null).ToList();
            if (open.Count == 0)
            {
                return new AcknowledgeResult.AlreadyAcknowledged(target.Alerts.Select(a => a.Acknowledged!).MinBy(a => a.At)!);
            }

            var now = Now;
            foreach (var alert in open)
            {
                await ExecuteAsync(connection, """
                    UPDATE alerts SET acked_at = @at, acked_by_id = @uid, acked_by_name = @uname, ack_note = @note WHERE id = @id
                    """, cancellationToken,
                    ("id", alert.RowId), ("at", acknowledgement.At), ("uid", acknowledgement.By.UserId),
                    ("uname", acknowledgement.By.UserName), ("note", acknowledgement.Note));
                if (MayShowOnAMessage(alert.Status) && target.DigestRowId is null)
                {
                    await QueueUpdateAsync(connection, "alerts", alert.RowId, now, cancellationToken);
                }
            }

            if (target.DigestRowId is { } digestRowId && MayShowOnAMessage(target.DigestStatus))
            {
                await QueueUpdateAsync(connection, "digests", digestRowId, now, cancellationToken);
            }

            var ids = open.Select(a => a.PublicId).ToList();
            var after = string.Join(", ", ids) + (string.IsNullOrWhiteSpace(acknowledgement.Note) ? "" : ": " + acknowledgement.Note);
            await AuditRows.WriteAsync(transaction, channelId, acknowledgement.By, "ack", null, after, now, cancellationToken);
            return (AcknowledgeResult)new AcknowledgeResult.Acknowledged(ids);
        }, cancellationToken);
    }

    /// <summary>A mute notice queues an update only for an alert sent on its own: a digest's lines do not show mutes.</summary>
    public Task<bool> RecordMuteNoticeAsync(long channelId, string alertId, MuteNotice notice, CancellationToken cancellationToken) =>
        WriteAsync(transaction => RecordMuteNoticeAsync(transaction.Connection!, channelId, alertId, notice, cancellationToken), cancellationToken);

    /// <summary>The channel's newest alert (any status) and its failed alerts, newest first, at most 20.</summary>
    public async Task<ChannelActivity> GetChannelActivityAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        AlertRecord? last;
        await using (var command = Command(connection, $"{AlertRows.SelectRecord} WHERE a.channel_id = @c ORDER BY a.id DESC LIMIT 1", ("c", channelId)))
        {
            last = (await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken)).FirstOrDefault();
        }

        await using var failed = Command(connection, $"{AlertRows.SelectRecord} WHERE a.channel_id = @c AND a.status = 'failed' ORDER BY a.id DESC LIMIT @max",
            ("c", channelId), ("max", MaxFailedListed));
        return new ChannelActivity(last, await ReadAllAsync(failed, AlertRows.ReadRecord, cancellationToken));
    }

    /// <summary>Records the notice in the caller's transaction (the mutes a button set are written in the same one).</summary>
    private async Task<bool> RecordMuteNoticeAsync(NpgsqlConnection connection, long channelId, string alertId, MuteNotice notice, CancellationToken cancellationToken)
    {
        var target = await ReadAlertAsync(connection, channelId, AlertId.Normalize(alertId) ?? alertId, cancellationToken);
        if (target is null)
        {
            return false;
        }

        var alert = target.Alerts[0];
        await ExecuteAsync(connection, "UPDATE alerts SET mute_notice = @notice::jsonb WHERE id = @id", cancellationToken,
            ("id", alert.RowId), ("notice", AlertRows.WriteMuteNotice(notice)));
        if (MayShowOnAMessage(alert.Status) && target.DigestRowId is null)
        {
            await QueueUpdateAsync(connection, "alerts", alert.RowId, Now, cancellationToken);
        }

        return true;
    }

    /// <summary>Posted, or about to be (perhaps being sent right now): its message may need an edit.</summary>
    private static bool MayShowOnAMessage(string? status) => status is "sent" or "pending" or "parked";

    /// <summary>
    /// Asks for the message to be edited: now when it is posted; once posted when it is being sent.
    /// update_requests counts the asks, so an update or send a worker is carrying out (which
    /// claimed an earlier count) does not clear this one.
    /// </summary>
    private static Task<int> QueueUpdateAsync(NpgsqlConnection connection, string table, long rowId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, $"""
            UPDATE {table} SET update_requests = update_requests + 1,
                update_due_at = CASE WHEN status = 'sent' THEN @now ELSE update_due_at END,
                update_attempts = CASE WHEN status = 'sent' THEN 0 ELSE update_attempts END,
                last_error = CASE WHEN status = 'sent' THEN NULL ELSE last_error END
            WHERE id = @id
            """, cancellationToken, ("id", rowId), ("now", now));

    private static async Task<AckTarget?> ReadAlertAsync(NpgsqlConnection connection, long channelId, string publicId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT a.id, a.public_id, a.status, {AckColumnsOf("a")}, a.digest_id, d.status
            FROM alerts a LEFT JOIN digests d ON d.id = a.digest_id
            WHERE a.channel_id = @c AND a.public_id = @pid
            FOR UPDATE OF a
            """, ("c", channelId), ("pid", publicId));
        var rows = await ReadAllAsync(command, r => (Alert: ReadAckAlert(r), DigestId: r.IsDBNull(7) ? (long?)null : r.GetInt64(7), DigestStatus: r.IsDBNull(8) ? null : r.GetString(8)), cancellationToken);
        return rows.Count == 0 ? null : new AckTarget([rows[0].Alert], rows[0].DigestId, rows[0].DigestStatus);
    }

    private static async Task<AckTarget?> ReadDigestAlertsAsync(NpgsqlConnection connection, long channelId, string publicId, CancellationToken cancellationToken)
    {
        (long Id, string Status)? digest;
        await using (var find = Command(connection, "SELECT id, status FROM digests WHERE channel_id = @c AND public_id = @pid FOR UPDATE", ("c", channelId), ("pid", publicId)))
        {
            digest = (await ReadAllAsync(find, r => ((long Id, string Status)?)(r.GetInt64(0), r.GetString(1)), cancellationToken)).FirstOrDefault();
        }

        if (digest is not { } found)
        {
            return null;
        }

        await using var command = Command(connection, $"""
            SELECT a.id, a.public_id, a.status, {AckColumnsOf("a")} FROM alerts a WHERE a.digest_id = @d AND a.channel_id = @c ORDER BY a.id FOR UPDATE
            """, ("d", found.Id), ("c", channelId));
        return new AckTarget(await ReadAllAsync(command, ReadAckAlert, cancellationToken), found.Id, found.Status);
    }

    private static string AckColumnsOf(string alias) => string.Join(", ", AlertRows.AckColumns.Split(", ").Select(c => $"{alias}.{c}"));

    private static AckAlert ReadAckAlert(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), AlertRows.ReadAcknowledgement(reader, 3));

    private sealed record AckAlert(long RowId, string PublicId, string Status, Acknowledgement? Acknowledged);

    /// <summary>The alerts an ack applies to, and the digest they were posted in (if any).</summary>
    private sealed record AckTarget(IReadOnlyList<AckAlert> Alerts, long? DigestRowId, string? DigestStatus);
}
