using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// The outbox: alerts and digests to send (status pending, next_attempt_at due), and sent ones
/// whose message must be edited (status sent, update_due_at due). A worker claims rows by setting
/// a lease (owner, expiry) in one IMMEDIATE transaction; a row whose lease is held by an unexpired
/// owner is not claimed. A send claim counts in <c>attempts</c>; an update claim counts in
/// <c>update_attempts</c>, which starts again at 0 each time an update is asked for, so
/// <see cref="OutboxEntry.Attempts"/> of an update is the tries of that update. Every Mark* call
/// acts only while the caller still owns the lease, and releases it.
/// </summary>
internal sealed partial class SqliteStore
{
    private const string NotLeased = "(lease_expires_at IS NULL OR lease_expires_at <= $now)";

    /// <summary>An update done or given up: cleared unless it was asked for again while it was carried out.</summary>
    private const string ClearUpdate = "update_due_at = CASE WHEN update_requests = update_claimed THEN NULL ELSE update_due_at END";

    /// <summary>Oldest first by creation across alerts and digests, sends and updates, up to <paramref name="max"/> in all.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var due = await ReadDueAsync(transaction, now, max, cancellationToken);
            var entries = new List<OutboxEntry>(due.Count);
            foreach (var reference in due)
            {
                entries.Add(await ClaimAsync(transaction, reference, owner, now + lease, cancellationToken));
            }

            return (IReadOnlyList<OutboxEntry>)entries;
        }, cancellationToken);

    public Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            if (entry.Work == OutboxWork.Update)
            {
                return await ReleaseAsync(transaction, entry, owner, $"{ClearUpdate}, update_attempts = 0", cancellationToken);
            }

            var sent = await ReleaseAsync(transaction, entry, owner,
                "status = 'sent', sent_at = $at, platform_message_id = $mid, last_error = NULL", cancellationToken,
                ("$at", DbTime.Write(at)), ("$mid", platformMessageId));
            if (sent && entry.Kind == OutboxKind.Digest)
            {
                await ExecuteAsync(transaction, """
                    UPDATE alerts SET status = 'sent', sent_at = $at, platform_message_id = $mid, last_error = NULL
                    WHERE digest_id = $id AND status = 'grouped'
                    """, cancellationToken, ("$id", entry.Id), ("$at", DbTime.Write(at)), ("$mid", platformMessageId));
            }

            return sent;
        }, cancellationToken);

    public Task MarkRetryAsync(OutboxRef entry, string owner, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReleaseAsync(transaction, entry, owner,
            entry.Work == OutboxWork.Update ? "update_due_at = $next, last_error = $error" : "next_attempt_at = $next, last_error = $error",
            cancellationToken, ("$next", DbTime.Write(nextAttemptAt)), ("$error", reason)), cancellationToken);

    /// <summary>
    /// A send becomes failed with the reason; a failed digest fails its grouped alerts too, so they
    /// are listed by status. An update is given up (the message stays as it was) and its reason kept.
    /// </summary>
    public Task MarkFailedAsync(OutboxRef entry, string owner, string reason, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            if (entry.Work == OutboxWork.Update)
            {
                return await ReleaseAsync(transaction, entry, owner, $"{ClearUpdate}, last_error = $error", cancellationToken, ("$error", reason));
            }

            var failed = await ReleaseAsync(transaction, entry, owner, "status = 'failed', last_error = $error", cancellationToken, ("$error", reason));
            if (failed && entry.Kind == OutboxKind.Digest)
            {
                await ExecuteAsync(transaction, "UPDATE alerts SET status = 'failed', last_error = $error WHERE digest_id = $id AND status = 'grouped'",
                    cancellationToken, ("$id", entry.Id), ("$error", reason));
            }

            return failed;
        }, cancellationToken);

    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT MIN(due) FROM (
                SELECT MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at)) AS due FROM alerts WHERE status = 'pending'
                UNION ALL
                SELECT MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at)) FROM digests WHERE status = 'pending'
                UNION ALL
                SELECT MAX(update_due_at, COALESCE(lease_expires_at, update_due_at)) FROM alerts WHERE status = 'sent' AND update_due_at IS NOT NULL
                UNION ALL
                SELECT MAX(update_due_at, COALESCE(lease_expires_at, update_due_at)) FROM digests WHERE status = 'sent' AND update_due_at IS NOT NULL)
            """);
        return DbTime.ReadOrNull(await command.ExecuteScalarAsync(cancellationToken) ?? DBNull.Value);
    }

    public async Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT status, COUNT(*) FROM alerts GROUP BY status
            UNION ALL
            SELECT 'digest ' || status, COUNT(*) FROM digests GROUP BY status
            """);
        var counts = (await ReadAllAsync(command, r => (Status: r.GetString(0), Count: r.GetInt64(1)), cancellationToken))
            .ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
        long Count(string status) => counts.GetValueOrDefault(status);
        return new OutboxCounts(Count("pending"), Count("sent"), Count("failed"), Count("parked"), Count("muted"), Count("grouped"), Count("digest pending"));
    }

    private static async Task<List<OutboxRef>> ReadDueAsync(SqliteTransaction transaction, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        const int Alert = (int)OutboxKind.Alert, Digest = (int)OutboxKind.Digest, Send = (int)OutboxWork.Send, Update = (int)OutboxWork.Update;
        await using var command = Command(transaction, $"""
            SELECT kind, work, id FROM (
                SELECT {Alert} AS kind, {Send} AS work, id, created_at FROM alerts
                WHERE status = 'pending' AND next_attempt_at <= $now AND {NotLeased}
                UNION ALL
                SELECT {Digest}, {Send}, id, created_at FROM digests
                WHERE status = 'pending' AND next_attempt_at <= $now AND {NotLeased}
                UNION ALL
                SELECT {Alert}, {Update}, id, created_at FROM alerts
                WHERE status = 'sent' AND update_due_at <= $now AND {NotLeased}
                UNION ALL
                SELECT {Digest}, {Update}, id, created_at FROM digests
                WHERE status = 'sent' AND update_due_at <= $now AND {NotLeased})
            ORDER BY created_at, kind, id
            LIMIT $max
            """, ("$now", DbTime.Write(now)), ("$max", max));
        return await ReadAllAsync(command, r => new OutboxRef((OutboxKind)r.GetInt32(0), r.GetInt64(2), (OutboxWork)r.GetInt32(1)), cancellationToken);
    }

    private static async Task<OutboxEntry> ClaimAsync(SqliteTransaction transaction, OutboxRef reference, string owner, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var table = Table(reference.Kind);
        var count = reference.Work == OutboxWork.Update
            ? "update_attempts = update_attempts + 1, update_claimed = update_requests"
            : "attempts = attempts + 1";
        var attempts = reference.Work == OutboxWork.Update ? "update_attempts" : "attempts";
        var acks = reference.Kind == OutboxKind.Alert ? $", {AlertRows.AckColumns}, mute_notice" : "";
        await using var command = Command(transaction, $"""
            UPDATE {table} SET lease_owner = $owner, lease_expires_at = $expires, {count} WHERE id = $id
            RETURNING channel_id, public_id, payload, {attempts}, platform_message_id{acks}
            """, ("$id", reference.Id), ("$owner", owner), ("$expires", DbTime.Write(expires)));
        var row = (await ReadAllAsync(command, r => (
            Channel: r.GetInt64(0),
            PublicId: r.GetString(1),
            Payload: r.GetString(2),
            Attempts: r.GetInt32(3),
            MessageId: r.IsDBNull(4) ? null : r.GetString(4),
            Ack: reference.Kind == OutboxKind.Alert ? AlertRows.ReadAcknowledgement(r, 5) : null,
            MuteNotice: reference.Kind == OutboxKind.Alert && !r.IsDBNull(9) ? r.GetString(9) : null), cancellationToken)).Single();

        ChannelPost post = reference.Kind == OutboxKind.Alert
            ? AlertRows.ReadMessage(row.Payload, row.PublicId, row.Ack, row.MuteNotice)
            : await DigestRows.ReadAsync(transaction, reference.Id, row.Channel, row.Payload, cancellationToken);
        return new OutboxEntry(reference, await ReadChannelKeyAsync(transaction, row.Channel, cancellationToken), post, row.Attempts, owner, expires,
            reference.Work == OutboxWork.Update ? row.MessageId : null);
    }

    /// <summary>Applies the change and releases the lease, only while the owner holds the claim; true when it did.</summary>
    private static async Task<bool> ReleaseAsync(
        SqliteTransaction transaction, OutboxRef entry, string owner, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var status = entry.Work == OutboxWork.Update ? "sent" : "pending";
        return await ExecuteAsync(transaction, $"""
            UPDATE {Table(entry.Kind)} SET {set}, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = $id AND lease_owner = $owner AND status = '{status}'
            """, cancellationToken, [("$id", entry.Id), ("$owner", owner), .. parameters]) == 1;
    }

    private static string Table(OutboxKind kind) => kind == OutboxKind.Alert ? "alerts" : "digests";

    private static async Task<ChannelKey> ReadChannelKeyAsync(SqliteTransaction transaction, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, "SELECT platform, workspace, channel FROM channels WHERE id = $c", ("$c", channelId));
        return (await ReadAllAsync(command, r => new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken)).Single();
    }
}
