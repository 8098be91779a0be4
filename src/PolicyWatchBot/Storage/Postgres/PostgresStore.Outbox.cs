using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// The outbox: alerts, digests, reminders and feed notices to send (status pending, next_attempt_at
/// due), and sent alerts and digests whose message must be edited (update_due_at due). The lease
/// protocol is SQLite's: a claim sets a lease (owner, expiry), a post whose lease is held by an
/// unexpired owner is not claimed, a send claim counts in <c>attempts</c> and an update claim in
/// <c>update_attempts</c>, and every Mark* call acts only while the caller still owns the lease, and
/// releases it.
/// <para>
/// Claims from several instances: a claim first takes, for its transaction, a lock per channel with
/// due work (<c>pg_try_advisory_xact_lock</c>), skipping the channels another claim holds right now
/// (as FOR UPDATE SKIP LOCKED skips rows), and reads what is due only in the channels it holds, after
/// taking them: a channel's posts are claimed by one claim at a time, which sees every lease the one
/// before set, so a send is never claimed while an older send of its channel is out with another
/// instance, and no post is claimed twice. Each claiming UPDATE checks again that the post is due, so
/// a row another writer changed meanwhile (grouped into a digest, parked) is left alone.
/// </para>
/// </summary>
internal sealed partial class PostgresStore : IOutboxStore
{
    private const string NotLeased = "(lease_expires_at IS NULL OR lease_expires_at <= @now)";

    /// <summary>
    /// A send claims the update count too (the message it posts shows every change asked for so
    /// far); a change asked for while it was being sent (an ack) makes the new message due for an edit.
    /// </summary>
    private const string EditIfChangedWhileSending = "update_due_at = CASE WHEN update_requests > update_claimed THEN @at ELSE NULL END";

    /// <summary>A send not delivered yet: waiting for its turn, or parked until someone acts.</summary>
    private const string Unsent = "status IN ('pending', 'parked')";

    /// <summary>An update done or given up: cleared unless it was asked for again while it was carried out.</summary>
    private const string ClearUpdate = "update_due_at = CASE WHEN update_requests = update_claimed THEN NULL ELSE update_due_at END";

    /// <summary>A send that may be claimed now (before the order of its channel is looked at).</summary>
    private const string DueSend = $"{Unsent} AND next_attempt_at <= @now AND {NotLeased}";

    /// <summary>An edit that may be claimed now.</summary>
    private const string DueUpdate = $"status = 'sent' AND update_due_at <= @now AND {NotLeased}";

    /// <summary>The channel's claim lock: per schema, as the other locks (the tests' schemas share a database).</summary>
    private const string ClaimLock = "pg_try_advisory_xact_lock(hashtextextended('policywatch-claim:' || current_schema() || ':' || c.channel_id, 0))";

    /// <summary>The tables whose rows are posts: alerts, digests, reminders and feed health notices.</summary>
    private static readonly string[] OutboxTables = ["alerts", "digests", "reminders", "feed_notices"];

    /// <summary>Oldest first by creation across alerts and digests, sends and updates, up to <paramref name="max"/> in all.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var connection = transaction.Connection!;
            var channels = await LockDueChannelsAsync(connection, now, cancellationToken);
            if (channels.Length == 0)
            {
                return (IReadOnlyList<OutboxEntry>)[];
            }

            var due = await ReadDueAsync(connection, channels, now, max, cancellationToken);
            var entries = new List<OutboxEntry>(due.Count);
            foreach (var reference in due)
            {
                try
                {
                    if (await ClaimAsync(connection, reference, owner, now, now + lease, cancellationToken) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or NullReferenceException)
                {
                    // A stored post that no longer reads back (a damaged row) fails alone; the rest of the outbox goes on.
                    await FailAsync(connection, reference, owner, $"the stored post cannot be read back: {ex.Message}", cancellationToken);
                }
            }

            return (IReadOnlyList<OutboxEntry>)entries;
        }, cancellationToken);

    public Task<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var released = 0;
            foreach (var table in OutboxTables)
            {
                released += await ExecuteAsync(transaction, $"UPDATE {table} SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = @owner",
                    cancellationToken, ("owner", owner));
            }

            return released;
        }, cancellationToken);

    public Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkSentAsync(entry, owner, platformMessageId, startedThread: false, at, cancellationToken);

    public Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, bool startedThread, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var connection = transaction.Connection!;
            if (entry.Work == OutboxWork.Update)
            {
                return await ReleaseAsync(connection, entry, owner, $"{ClearUpdate}, update_attempts = 0", cancellationToken);
            }

            var sent = await ReleaseAsync(connection, entry, owner,
                $"status = 'sent', sent_at = @at, platform_message_id = @mid, last_error = NULL, park_scope = NULL, {EditIfChangedWhileSending}", cancellationToken,
                ("at", at), ("mid", platformMessageId));
            if (sent && startedThread && entry.Kind == OutboxKind.Alert)
            {
                await ThreadRows.BecomeParentAsync(connection, entry.Id, cancellationToken);
            }

            if (sent && entry.Kind == OutboxKind.Digest)
            {
                await ExecuteAsync(connection, """
                    UPDATE alerts SET status = 'sent', sent_at = @at, platform_message_id = @mid, last_error = NULL
                    WHERE digest_id = @id AND status = 'grouped'
                    """, cancellationToken, ("id", entry.Id), ("at", at), ("mid", platformMessageId));
            }

            return sent;
        }, cancellationToken);

    public Task MarkRetryAsync(OutboxRef entry, string owner, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReleaseAsync(transaction.Connection!, entry, owner,
            entry.Work == OutboxWork.Update
                ? "update_due_at = @next, last_error = @error"
                : "status = 'pending', park_scope = NULL, next_attempt_at = @next, last_error = @error",
            cancellationToken, ("next", nextAttemptAt), ("error", reason)), cancellationToken);

    /// <summary>Gives back the claim's attempt: a deferred post was never tried.</summary>
    public Task MarkDeferredAsync(OutboxRef entry, string owner, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReleaseAsync(transaction.Connection!, entry, owner,
            entry.Work == OutboxWork.Update
                ? "update_due_at = @next, update_attempts = GREATEST(update_attempts - 1, 0), last_error = @error"
                : "next_attempt_at = @next, attempts = GREATEST(attempts - 1, 0), last_error = @error",
            cancellationToken, ("next", at), ("error", reason)), cancellationToken);

    public Task MarkParkedAsync(OutboxRef entry, string owner, ParkScope scope, DateTimeOffset probeAt, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReleaseAsync(transaction.Connection!, entry, owner,
            entry.Work == OutboxWork.Update
                ? "update_due_at = @next, last_error = @error"
                : "status = 'parked', park_scope = @scope, next_attempt_at = @next, last_error = @error",
            cancellationToken, ("next", probeAt), ("error", reason), ("scope", ScopeName(scope))), cancellationToken);

    public Task<int> ParkPendingAsync(ChannelKey channel, ParkScope scope, DateTimeOffset probeAt, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var parked = 0;
            foreach (var table in OutboxTables)
            {
                parked += await ExecuteAsync(transaction, $"""
                    UPDATE {table} SET status = 'parked', park_scope = @scope, next_attempt_at = @next, last_error = @error
                    WHERE status = 'pending' AND {NotLeased} AND channel_id IN ({ChannelsOf(scope)})
                    """, cancellationToken, [("scope", ScopeName(scope)), ("next", probeAt), ("error", reason), ("now", now), .. ChannelParameters(channel)]);
            }

            return parked;
        }, cancellationToken);

    /// <summary>
    /// Called after every send and every command, so it looks first, outside a transaction, whether
    /// anything is parked at all (almost always not).
    /// </summary>
    public async Task<int> ResumeParkedAsync(ChannelKey channel, ParkScope widest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await AnyParkedAsync(cancellationToken))
        {
            return 0;
        }

        return await WriteAsync(async transaction =>
        {
            var resumed = 0;
            var which = widest == ParkScope.Platform
                ? $"channel_id IN ({ChannelsOf(ParkScope.Channel)}) OR (park_scope = 'platform' AND channel_id IN ({ChannelsOf(ParkScope.Platform)}))"
                : $"park_scope = 'channel' AND channel_id IN ({ChannelsOf(ParkScope.Channel)})";
            foreach (var table in OutboxTables)
            {
                resumed += await ExecuteAsync(transaction, $"""
                    UPDATE {table} SET status = 'pending', park_scope = NULL, next_attempt_at = @now
                    WHERE status = 'parked' AND ({which})
                    """, cancellationToken, [("now", now), .. ChannelParameters(channel)]);
            }

            return resumed;
        }, cancellationToken);
    }

    private async Task<bool> AnyParkedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT EXISTS (SELECT 1 FROM alerts WHERE status = 'parked') OR EXISTS (SELECT 1 FROM digests WHERE status = 'parked')
                OR EXISTS (SELECT 1 FROM reminders WHERE status = 'parked') OR EXISTS (SELECT 1 FROM feed_notices WHERE status = 'parked')
            """);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<int> FailUnsentAsync(ChannelKey channel, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            (string Name, object? Value)[] parameters = [("error", reason), ("now", now), .. ChannelParameters(channel)];
            var failed = await ExecuteAsync(transaction, $"""
                UPDATE alerts SET status = 'failed', park_scope = NULL, last_error = @error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
            await ExecuteAsync(transaction, $"""
                UPDATE alerts SET status = 'failed', last_error = @error
                WHERE status = 'grouped' AND digest_id IN (
                    SELECT id FROM digests WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)}))
                """, cancellationToken, parameters);
            failed += await ExecuteAsync(transaction, $"""
                UPDATE reminders SET status = 'failed', park_scope = NULL, last_error = @error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
            failed += await ExecuteAsync(transaction, $"""
                UPDATE feed_notices SET status = 'failed', park_scope = NULL, last_error = @error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
            return failed + await ExecuteAsync(transaction, $"""
                UPDATE digests SET status = 'failed', park_scope = NULL, last_error = @error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
        }, cancellationToken);

    public async Task<IReadOnlyList<ParkedPosts>> GetParkedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT c.platform, c.workspace, c.channel, c.display_name, p.last_error, COUNT(*), MIN(p.next_attempt_at)
            FROM (SELECT channel_id, last_error, next_attempt_at FROM alerts WHERE status = 'parked'
                  UNION ALL
                  SELECT channel_id, last_error, next_attempt_at FROM digests WHERE status = 'parked'
                  UNION ALL
                  SELECT channel_id, last_error, next_attempt_at FROM reminders WHERE status = 'parked'
                  UNION ALL
                  SELECT channel_id, last_error, next_attempt_at FROM feed_notices WHERE status = 'parked') p
            JOIN channels c ON c.id = p.channel_id
            GROUP BY c.id, p.last_error
            ORDER BY COUNT(*) DESC, c.display_name COLLATE "C"
            """);
        return await ReadAllAsync(command, r => new ParkedPosts(
            new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), r.GetString(3), r.IsDBNull(4) ? "no reason recorded" : r.GetString(4),
            r.GetInt64(5), r.GetFieldValue<DateTimeOffset>(6)), cancellationToken);
    }

    private static string ScopeName(ParkScope scope) => scope == ParkScope.Platform ? "platform" : "channel";

    /// <summary>The ids of the channel (<c>@platform</c>, <c>@workspace</c>, <c>@channel</c>), or of every channel of its platform.</summary>
    private static string ChannelsOf(ParkScope scope) => scope == ParkScope.Platform
        ? "SELECT id FROM channels WHERE platform = @platform"
        : "SELECT id FROM channels WHERE platform = @platform AND workspace = @workspace AND channel = @channel";

    private static (string Name, object? Value)[] ChannelParameters(ChannelKey channel) =>
        [("platform", channel.Platform), ("workspace", channel.Workspace), ("channel", channel.Channel)];

    /// <summary>
    /// A send becomes failed with the reason; a failed digest fails its grouped alerts too, so they
    /// are listed by status. An update is given up (the message stays as it was) and its reason kept.
    /// </summary>
    public Task MarkFailedAsync(OutboxRef entry, string owner, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => FailAsync(transaction.Connection!, entry, owner, reason, cancellationToken), cancellationToken);

    private static async Task<bool> FailAsync(NpgsqlConnection connection, OutboxRef entry, string owner, string reason, CancellationToken cancellationToken)
    {
        if (entry.Work == OutboxWork.Update)
        {
            return await ReleaseAsync(connection, entry, owner, $"{ClearUpdate}, last_error = @error", cancellationToken, ("error", reason));
        }

        var failed = await ReleaseAsync(connection, entry, owner, "status = 'failed', last_error = @error", cancellationToken, ("error", reason));
        if (failed && entry.Kind == OutboxKind.Digest)
        {
            await ExecuteAsync(connection, "UPDATE alerts SET status = 'failed', last_error = @error WHERE digest_id = @id AND status = 'grouped'",
                cancellationToken, ("id", entry.Id), ("error", reason));
        }

        return failed;
    }

    /// <summary>
    /// Only a post that can be claimed counts: the oldest unsent post of each channel (the others
    /// wait behind it, whatever their own time says) and every update that is asked for. Counting
    /// a post blocked behind an older one would make a waiting dispatcher wake up to claim nothing.
    /// </summary>
    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        const int Alert = (int)OutboxKind.Alert, Digest = (int)OutboxKind.Digest, Reminder = (int)OutboxKind.Reminder, Notice = (int)OutboxKind.FeedNotice;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT MIN(due) FROM (
                SELECT due FROM (
                    SELECT due, ROW_NUMBER() OVER (PARTITION BY channel_id ORDER BY created_at, kind, id) AS place FROM (
                        SELECT {Alert} AS kind, id, channel_id, created_at, GREATEST(next_attempt_at, lease_expires_at) AS due
                        FROM alerts WHERE {Unsent}
                        UNION ALL
                        SELECT {Digest}, id, channel_id, created_at, GREATEST(next_attempt_at, lease_expires_at)
                        FROM digests WHERE {Unsent}
                        UNION ALL
                        SELECT {Reminder}, id, channel_id, created_at, GREATEST(next_attempt_at, lease_expires_at)
                        FROM reminders WHERE {Unsent}
                        UNION ALL
                        SELECT {Notice}, id, channel_id, created_at, GREATEST(next_attempt_at, lease_expires_at)
                        FROM feed_notices WHERE {Unsent}) AS unsent) AS placed
                WHERE place = 1
                UNION ALL
                SELECT GREATEST(update_due_at, lease_expires_at) FROM alerts WHERE status = 'sent' AND update_due_at IS NOT NULL
                UNION ALL
                SELECT GREATEST(update_due_at, lease_expires_at) FROM digests WHERE status = 'sent' AND update_due_at IS NOT NULL) AS next
            """);
        return await ReadInstantOrNullAsync(command, cancellationToken);
    }

    /// <summary>Everything not delivered yet, per channel, state and reason: for a one-shot verb that stops waiting.</summary>
    public async Task<IReadOnlyList<WaitingPosts>> GetWaitingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT c.platform, c.workspace, c.channel, c.display_name, p.state, p.last_error, COUNT(*), MIN(p.due)
            FROM (SELECT channel_id, status AS state, last_error, next_attempt_at AS due FROM alerts WHERE status IN ('pending', 'parked')
                  UNION ALL
                  SELECT channel_id, status, last_error, next_attempt_at FROM digests WHERE status IN ('pending', 'parked')
                  UNION ALL
                  SELECT channel_id, status, last_error, next_attempt_at FROM reminders WHERE status IN ('pending', 'parked')
                  UNION ALL
                  SELECT channel_id, status, last_error, next_attempt_at FROM feed_notices WHERE status IN ('pending', 'parked')
                  UNION ALL
                  SELECT channel_id, 'edit', last_error, update_due_at FROM alerts WHERE status = 'sent' AND update_due_at IS NOT NULL
                  UNION ALL
                  SELECT channel_id, 'edit', last_error, update_due_at FROM digests WHERE status = 'sent' AND update_due_at IS NOT NULL) p
            JOIN channels c ON c.id = p.channel_id
            GROUP BY c.id, p.state, p.last_error
            ORDER BY c.display_name COLLATE "C", c.id, MIN(p.due)
            """);
        return await ReadAllAsync(command, r => new WaitingPosts(
            new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), r.GetString(3), WaitingState(r.GetString(4)),
            r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6), r.GetFieldValue<DateTimeOffset>(7)), cancellationToken);
    }

    private static WaitingState WaitingState(string state) => state switch
    {
        "parked" => Core.Storage.WaitingState.Parked,
        "edit" => Core.Storage.WaitingState.Edit,
        _ => Core.Storage.WaitingState.Pending,
    };

    public async Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT status, COUNT(*) FROM alerts GROUP BY status
            UNION ALL
            SELECT status, COUNT(*) FROM reminders WHERE status IN ('pending', 'sent', 'failed', 'parked') GROUP BY status
            UNION ALL
            SELECT status, COUNT(*) FROM feed_notices GROUP BY status
            UNION ALL
            SELECT 'digest ' || status, COUNT(*) FROM digests GROUP BY status
            """);
        var counts = (await ReadAllAsync(command, r => (Status: r.GetString(0), Count: r.GetInt64(1)), cancellationToken))
            .GroupBy(r => r.Status, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal);
        long Count(string status) => counts.GetValueOrDefault(status);
        return new OutboxCounts(Count("pending"), Count("sent"), Count("failed"), Count("parked") + Count("digest parked"), Count("muted"), Count("grouped"), Count("digest pending"), Count("digest"));
    }

    /// <summary>
    /// The channels with a send or an update that may be claimed now, each locked for this transaction
    /// where no other claim holds it; the others are skipped (their posts go to the claim holding them,
    /// or to the next one).
    /// </summary>
    private static async Task<long[]> LockDueChannelsAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT c.channel_id FROM (
                SELECT channel_id FROM alerts WHERE {DueSend}
                UNION SELECT channel_id FROM digests WHERE {DueSend}
                UNION SELECT channel_id FROM reminders WHERE {DueSend}
                UNION SELECT channel_id FROM feed_notices WHERE {DueSend}
                UNION SELECT channel_id FROM alerts WHERE {DueUpdate}
                UNION SELECT channel_id FROM digests WHERE {DueUpdate}
                ORDER BY channel_id) AS c
            WHERE {ClaimLock}
            """, ("now", now));
        return [.. await ReadAllAsync(command, r => r.GetInt64(0), cancellationToken)];
    }

    /// <summary>As SQLite's: each channel's sends from its oldest on, none behind one that waits, and every due update; in the locked channels.</summary>
    private static async Task<List<OutboxRef>> ReadDueAsync(NpgsqlConnection connection, long[] channels, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        const int Alert = (int)OutboxKind.Alert, Digest = (int)OutboxKind.Digest, Reminder = (int)OutboxKind.Reminder, Notice = (int)OutboxKind.FeedNotice;
        const int Send = (int)OutboxWork.Send, Update = (int)OutboxWork.Update;
        const string Due = $"next_attempt_at <= @now AND {NotLeased}";
        const string Held = "channel_id = ANY(@channels)";
        await using var command = Command(connection, $"""
            WITH waiting AS (
                SELECT {Alert} AS kind, id, channel_id, created_at FROM alerts WHERE {Held} AND {Unsent} AND NOT ({Due})
                UNION ALL
                SELECT {Digest}, id, channel_id, created_at FROM digests WHERE {Held} AND {Unsent} AND NOT ({Due})
                UNION ALL
                SELECT {Reminder}, id, channel_id, created_at FROM reminders WHERE {Held} AND {Unsent} AND NOT ({Due})
                UNION ALL
                SELECT {Notice}, id, channel_id, created_at FROM feed_notices WHERE {Held} AND {Unsent} AND NOT ({Due})),
            sends AS (
                SELECT {Alert} AS kind, id, channel_id, created_at FROM alerts WHERE {Held} AND {Unsent} AND {Due}
                UNION ALL
                SELECT {Digest}, id, channel_id, created_at FROM digests WHERE {Held} AND {Unsent} AND {Due}
                UNION ALL
                SELECT {Reminder}, id, channel_id, created_at FROM reminders WHERE {Held} AND {Unsent} AND {Due}
                UNION ALL
                SELECT {Notice}, id, channel_id, created_at FROM feed_notices WHERE {Held} AND {Unsent} AND {Due})
            SELECT kind, work, id FROM (
                SELECT s.kind, {Send} AS work, s.id, s.created_at FROM sends s
                WHERE NOT EXISTS (
                    SELECT 1 FROM waiting w
                    WHERE w.channel_id = s.channel_id AND (w.created_at, w.kind, w.id) < (s.created_at, s.kind, s.id))
                UNION ALL
                SELECT {Alert}, {Update}, id, created_at FROM alerts WHERE {Held} AND {DueUpdate}
                UNION ALL
                SELECT {Digest}, {Update}, id, created_at FROM digests WHERE {Held} AND {DueUpdate}) AS due
            ORDER BY created_at, kind, id
            LIMIT @max
            """, ("now", now), ("max", max), ("channels", channels));
        return await ReadAllAsync(command, r => new OutboxRef((OutboxKind)r.GetInt32(0), r.GetInt64(2), (OutboxWork)r.GetInt32(1)), cancellationToken);
    }

    /// <summary>
    /// Leases the post, when it is still due (checked on the row as it is now, locked); null when
    /// another writer changed it since it was read. LeaseLapsed: an owner was still named, so the lease
    /// this claim takes over had run out (a post given back or finished names none).
    /// </summary>
    private static async Task<OutboxEntry?> ClaimAsync(NpgsqlConnection connection, OutboxRef reference, string owner, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var table = Table(reference.Kind);
        var count = reference.Work == OutboxWork.Update
            ? "update_attempts = update_attempts + 1, update_claimed = update_requests"
            : "attempts = attempts + 1, update_claimed = update_requests";
        var attempts = reference.Work == OutboxWork.Update ? "update_attempts" : "attempts";
        var acks = reference.Kind == OutboxKind.Alert ? $", t.{string.Join(", t.", AlertRows.AckColumns.Split(", "))}, t.mute_notice::text" : "";
        var due = reference.Work == OutboxWork.Update ? DueUpdate : DueSend;
        await using var command = Command(connection, $"""
            UPDATE {table} t SET lease_owner = @owner, lease_expires_at = @expires, {count}
            FROM (SELECT id, lease_owner IS NOT NULL AS lapsed FROM {table} WHERE id = @id AND {due} FOR UPDATE) AS before
            WHERE t.id = before.id
            RETURNING t.channel_id, t.public_id, t.payload::text, t.{attempts}, t.platform_message_id, t.created_at, before.lapsed{acks}
            """, ("id", reference.Id), ("owner", owner), ("expires", expires), ("now", now));
        var rows = await ReadAllAsync(command, r => (
            Channel: r.GetInt64(0),
            PublicId: r.GetString(1),
            Payload: r.GetString(2),
            Attempts: r.GetInt32(3),
            MessageId: r.IsDBNull(4) ? null : r.GetString(4),
            QueuedAt: r.GetFieldValue<DateTimeOffset>(5),
            LeaseLapsed: r.GetBoolean(6),
            Ack: reference.Kind == OutboxKind.Alert ? AlertRows.ReadAcknowledgement(r, 7) : null,
            MuteNotice: reference.Kind == OutboxKind.Alert && !r.IsDBNull(11) ? r.GetString(11) : null), cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var row = rows[0];
        ChannelPost post;
        ThreadParent? replyTo = null;
        if (reference.Kind == OutboxKind.Alert)
        {
            var (stage, parent) = await ThreadRows.ReadForClaimAsync(connection, reference.Id, cancellationToken);
            post = AlertRows.ReadMessage(row.Payload, row.PublicId, row.Ack, row.MuteNotice) with { Stage = stage?.At(now) };
            replyTo = parent;
        }
        else if (reference.Kind == OutboxKind.Reminder)
        {
            (post, replyTo) = await ReminderRows.ReadForClaimAsync(connection, reference.Id, row.Payload, now, cancellationToken);
        }
        else if (reference.Kind == OutboxKind.FeedNotice)
        {
            post = JsonSerializer.Deserialize(row.Payload, StorageJsonContext.Default.FeedHealthNotice)! with { NoticeId = row.PublicId };
        }
        else
        {
            post = await DigestRows.ReadAsync(connection, reference.Id, row.Channel, row.Payload, cancellationToken);
        }

        return new OutboxEntry(reference, await ReadChannelKeyAsync(connection, row.Channel, cancellationToken), post, row.Attempts, owner, expires,
            reference.Work == OutboxWork.Update ? row.MessageId : null, row.QueuedAt) { ReplyTo = replyTo, LeaseLapsed = row.LeaseLapsed };
    }

    /// <summary>Applies the change and releases the lease, only while the owner holds the claim; true when it did.</summary>
    private static async Task<bool> ReleaseAsync(
        NpgsqlConnection connection, OutboxRef entry, string owner, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var status = entry.Work == OutboxWork.Update ? "status = 'sent'" : Unsent;
        return await ExecuteAsync(connection, $"""
            UPDATE {Table(entry.Kind)} SET {set}, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_owner = @owner AND {status}
            """, cancellationToken, [("id", entry.Id), ("owner", owner), .. parameters]) == 1;
    }

    private static string Table(OutboxKind kind) => kind switch
    {
        OutboxKind.Alert => "alerts",
        OutboxKind.Reminder => "reminders",
        OutboxKind.FeedNotice => "feed_notices",
        _ => "digests",
    };

    private static async Task<ChannelKey> ReadChannelKeyAsync(NpgsqlConnection connection, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT platform, workspace, channel FROM channels WHERE id = @c", ("c", channelId));
        return (await ReadAllAsync(command, r => new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken)).Single();
    }

    /// <summary>The one instant the command selects, in UTC, or null (an aggregate over no rows).</summary>
    private static async Task<DateTimeOffset?> ReadInstantOrNullAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        (await ReadAllAsync(command, r => r.IsDBNull(0) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(0), cancellationToken)).FirstOrDefault();
}
