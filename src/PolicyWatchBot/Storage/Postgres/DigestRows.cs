using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Alerts;
using static PolicyWatchBot.Storage.Postgres.PostgresStore;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Rows of the <c>digests</c> table: one message listing several alerts. Its alerts point at it
/// (alerts.digest_id) and wait in status <c>grouped</c> until it is sent. Digests are numbered
/// MAX(id) + 1 under the store's write lock, as a poll plans them.
/// </summary>
internal static class DigestRows
{
    /// <summary>
    /// Stores the digest (payload with its public id filled in) and groups its alerts: each entry's
    /// alert of the same channel that is pending, muted or held for the digest, and not leased by a sender at this
    /// moment, becomes <c>grouped</c> under it. Any other alert is left as it is (it was posted, or
    /// is being posted, on its own). Returns the digest's public id. The caller holds the write lock.
    /// </summary>
    public static async Task<string> InsertAsync(NpgsqlConnection connection, long channelId, AlertDigest digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long id;
        await using (var next = Command(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM digests"))
        {
            id = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        var stored = digest with { DigestId = AlertId.ForDigest(id) };
        await InsertAsync(connection, channelId, id, stored, now, cancellationToken);
        return stored.DigestId;
    }

    /// <summary>As <see cref="InsertAsync(NpgsqlConnection, long, AlertDigest, DateTimeOffset, CancellationToken)"/>, under the id a poll planned (<paramref name="digest"/> carries its public id).</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, long channelId, long id, AlertDigest digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var insert = Command(connection, """
            INSERT INTO digests (id, public_id, channel_id, reason, payload, status, created_at, next_attempt_at)
            VALUES (@id, @pid, @c, @reason, @payload::jsonb, 'pending', @at, @at)
            """, ("id", id), ("pid", digest.DigestId), ("c", channelId), ("reason", digest.Reason.ToString()),
            ("payload", JsonSerializer.Serialize(digest, StorageJsonContext.Default.AlertDigest)), ("at", now)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var group = Command(connection, """
            UPDATE alerts SET status = 'grouped', digest_id = @d
            WHERE channel_id = @c AND public_id = ANY(@pids) AND status IN ('pending', 'muted', 'digest')
              AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
            """, ("d", id), ("c", channelId), ("pids", digest.Entries.Select(e => e.AlertId).ToArray()), ("now", now));
        await group.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored digest, each entry's acknowledgement taken from its alert's columns as they are now.</summary>
    public static async Task<AlertDigest> ReadAsync(NpgsqlConnection connection, long digestId, long channelId, string payload, CancellationToken cancellationToken)
    {
        var digest = JsonSerializer.Deserialize(payload, StorageJsonContext.Default.AlertDigest)!;
        await using var command = Command(connection,
            $"SELECT public_id, {AlertRows.AckColumns} FROM alerts WHERE channel_id = @c AND digest_id = @d",
            ("c", channelId), ("d", digestId));
        var acknowledged = (await ReadAllAsync(command, r => (Id: r.GetString(0), Ack: AlertRows.ReadAcknowledgement(r, 1)), cancellationToken))
            .ToDictionary(a => a.Id, a => a.Ack, StringComparer.Ordinal);
        return digest with
        {
            Entries = digest.Entries
                .Select(e => acknowledged.TryGetValue(e.AlertId, out var ack) ? e with { Acknowledged = ack } : e)
                .ToList(),
        };
    }
}
