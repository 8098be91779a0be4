using System.Globalization;
using System.Text.Json;
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

    /// <summary>
    /// A send claims the update count too (the message it posts shows every change asked for so
    /// far); a change asked for while it was being sent (an ack) makes the new message due for an edit.
    /// </summary>
    private const string EditIfChangedWhileSending = "update_due_at = CASE WHEN update_requests > update_claimed THEN $at ELSE NULL END";

    /// <summary>A send not delivered yet: waiting for its turn, or parked until someone acts.</summary>
    private const string Unsent = "status IN ('pending', 'parked')";

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
                try
                {
                    entries.Add(await ClaimAsync(transaction, reference, owner, now, now + lease, cancellationToken));
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or NullReferenceException)
                {
                    // A stored post that no longer reads back (a damaged row) fails alone; the rest of the outbox goes on.
                    await FailAsync(transaction, reference, owner, $"the stored post cannot be read back: {ex.Message}", cancellationToken);
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
                released += await ExecuteAsync(transaction, $"UPDATE {table} SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $owner",
                    cancellationToken, ("$owner", owner));
            }

            return released;
        }, cancellationToken);

    public Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkSentAsync(entry, owner, platformMessageId, startedThread: false, at, cancellationToken);

    public Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, bool startedThread, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            if (entry.Work == OutboxWork.Update)
            {
                return await ReleaseAsync(transaction, entry, owner, $"{ClearUpdate}, update_attempts = 0", cancellationToken);
            }

            var sent = await ReleaseAsync(transaction, entry, owner,
                $"status = 'sent', sent_at = $at, platform_message_id = $mid, last_error = NULL, park_scope = NULL, {EditIfChangedWhileSending}", cancellationToken,
                ("$at", DbTime.Write(at)), ("$mid", platformMessageId));
            if (sent && startedThread && entry.Kind == OutboxKind.Alert)
            {
                await ThreadRows.BecomeParentAsync(transaction, entry.Id, cancellationToken);
            }

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
            entry.Work == OutboxWork.Update
                ? "update_due_at = $next, last_error = $error"
                : "status = 'pending', park_scope = NULL, next_attempt_at = $next, last_error = $error",
            cancellationToken, ("$next", DbTime.Write(nextAttemptAt)), ("$error", reason)), cancellationToken);

    /// <summary>Gives back the claim's attempt: a deferred post was never tried.</summary>
    public Task MarkDeferredAsync(OutboxRef entry, string owner, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReleaseAsync(transaction, entry, owner,
            entry.Work == OutboxWork.Update
                ? "update_due_at = $next, update_attempts = MAX(update_attempts - 1, 0), last_error = $error"
                : "next_attempt_at = $next, attempts = MAX(attempts - 1, 0), last_error = $error",
            cancellationToken, ("$next", DbTime.Write(at)), ("$error", reason)), cancellationToken);

    public Task MarkParkedAsync(OutboxRef entry, string owner, ParkScope scope, DateTimeOffset probeAt, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReleaseAsync(transaction, entry, owner,
            entry.Work == OutboxWork.Update
                ? "update_due_at = $next, last_error = $error"
                : "status = 'parked', park_scope = $scope, next_attempt_at = $next, last_error = $error",
            cancellationToken, ("$next", DbTime.Write(probeAt)), ("$error", reason), ("$scope", ScopeName(scope))), cancellationToken);

    public Task<int> ParkPendingAsync(ChannelKey channel, ParkScope scope, DateTimeOffset probeAt, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var parked = 0;
            foreach (var table in OutboxTables)
            {
                parked += await ExecuteAsync(transaction, $"""
                    UPDATE {table} SET status = 'parked', park_scope = $scope, next_attempt_at = $next, last_error = $error
                    WHERE status = 'pending' AND {NotLeased} AND channel_id IN ({ChannelsOf(scope)})
                    """, cancellationToken, [("$scope", ScopeName(scope)), ("$next", DbTime.Write(probeAt)), ("$error", reason), ("$now", DbTime.Write(now)), .. ChannelParameters(channel)]);
            }

            return parked;
        }, cancellationToken);

    /// <summary>
    /// Called after every send and every command, so it looks first, without the write lock,
    /// whether anything is parked at all (almost always not).
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
                    UPDATE {table} SET status = 'pending', park_scope = NULL, next_attempt_at = $now
                    WHERE status = 'parked' AND ({which})
                    """, cancellationToken, [("$now", DbTime.Write(now)), .. ChannelParameters(channel)]);
            }

            return resumed;
        }, cancellationToken);
    }

    /// <summary>The tables whose rows are posts: alerts, digests, reminders and feed health notices.</summary>
    private static readonly string[] OutboxTables = ["alerts", "digests", "reminders", "feed_notices"];

    private async Task<bool> AnyParkedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            """
            SELECT EXISTS (SELECT 1 FROM alerts WHERE status = 'parked') OR EXISTS (SELECT 1 FROM digests WHERE status = 'parked')
                OR EXISTS (SELECT 1 FROM reminders WHERE status = 'parked') OR EXISTS (SELECT 1 FROM feed_notices WHERE status = 'parked')
            """);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    public Task<int> FailUnsentAsync(ChannelKey channel, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            (string Name, object? Value)[] parameters = [("$error", reason), ("$now", DbTime.Write(now)), .. ChannelParameters(channel)];
            var failed = await ExecuteAsync(transaction, $"""
                UPDATE alerts SET status = 'failed', park_scope = NULL, last_error = $error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
            await ExecuteAsync(transaction, $"""
                UPDATE alerts SET status = 'failed', last_error = $error
                WHERE status = 'grouped' AND digest_id IN (
                    SELECT id FROM digests WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)}))
                """, cancellationToken, parameters);
            failed += await ExecuteAsync(transaction, $"""
                UPDATE reminders SET status = 'failed', park_scope = NULL, last_error = $error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
            failed += await ExecuteAsync(transaction, $"""
                UPDATE feed_notices SET status = 'failed', park_scope = NULL, last_error = $error
                WHERE {Unsent} AND {NotLeased} AND channel_id IN ({ChannelsOf(ParkScope.Channel)})
                """, cancellationToken, parameters);
            return failed + await ExecuteAsync(transaction, $"""
                UPDATE digests SET status = 'failed', park_scope = NULL, last_error = $error
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
            ORDER BY COUNT(*) DESC, c.display_name
            """);
        return await ReadAllAsync(command, r => new ParkedPosts(
            new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), r.GetString(3), r.IsDBNull(4) ? "no reason recorded" : r.GetString(4),
            r.GetInt64(5), DbTime.Read(r.GetString(6))), cancellationToken);
    }

    private static string ScopeName(ParkScope scope) => scope == ParkScope.Platform ? "platform" : "channel";

    /// <summary>The ids of the channel (<c>$platform</c>, <c>$workspace</c>, <c>$channel</c>), or of every channel of its platform.</summary>
    private static string ChannelsOf(ParkScope scope) => scope == ParkScope.Platform
        ? "SELECT id FROM channels WHERE platform = $platform"
        : "SELECT id FROM channels WHERE platform = $platform AND workspace = $workspace AND channel = $channel";

    private static (string Name, object? Value)[] ChannelParameters(ChannelKey channel) =>
        [("$platform", channel.Platform), ("$workspace", channel.Workspace), ("$channel", channel.Channel)];

    /// <summary>
    /// A send becomes failed with the reason; a failed digest fails its grouped alerts too, so they
    /// are listed by status. An update is given up (the message stays as it was) and its reason kept.
    /// </summary>
    public Task MarkFailedAsync(OutboxRef entry, string owner, string reason, CancellationToken cancellationToken) =>
        WriteAsync(transaction => FailAsync(transaction, entry, owner, reason, cancellationToken), cancellationToken);

    private static async Task<bool> FailAsync(SqliteTransaction transaction, OutboxRef entry, string owner, string reason, CancellationToken cancellationToken)
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
                        SELECT {Alert} AS kind, id, channel_id, created_at, MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at)) AS due
                        FROM alerts WHERE {Unsent}
                        UNION ALL
                        SELECT {Digest}, id, channel_id, created_at, MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at))
                        FROM digests WHERE {Unsent}
                        UNION ALL
                        SELECT {Reminder}, id, channel_id, created_at, MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at))
                        FROM reminders WHERE {Unsent}
                        UNION ALL
                        SELECT {Notice}, id, channel_id, created_at, MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at))
                        FROM feed_notices WHERE {Unsent}))
                WHERE place = 1
                UNION ALL
                SELECT MAX(update_due_at, COALESCE(lease_expires_at, update_due_at)) FROM alerts WHERE status = 'sent' AND update_due_at IS NOT NULL
                UNION ALL
                SELECT MAX(update_due_at, COALESCE(lease_expires_at, update_due_at)) FROM digests WHERE status = 'sent' AND update_due_at IS NOT NULL)
            """);
        return DbTime.ReadOrNull(await command.ExecuteScalarAsync(cancellationToken) ?? DBNull.Value);
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
            ORDER BY c.display_name, c.id, MIN(p.due)
            """);
        return await ReadAllAsync(command, r => new WaitingPosts(
            new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), r.GetString(3), WaitingState(r.GetString(4)),
            r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6), DbTime.Read(r.GetString(7))), cancellationToken);
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

    private static async Task<List<OutboxRef>> ReadDueAsync(SqliteTransaction transaction, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        const int Alert = (int)OutboxKind.Alert, Digest = (int)OutboxKind.Digest, Reminder = (int)OutboxKind.Reminder, Notice = (int)OutboxKind.FeedNotice;
        const int Send = (int)OutboxWork.Send, Update = (int)OutboxWork.Update;
        const string Due = $"next_attempt_at <= $now AND {NotLeased}";
        await using var command = Command(transaction, $"""
            WITH waiting AS (
                SELECT {Alert} AS kind, id, channel_id, created_at FROM alerts WHERE {Unsent} AND NOT ({Due})
                UNION ALL
                SELECT {Digest}, id, channel_id, created_at FROM digests WHERE {Unsent} AND NOT ({Due})
                UNION ALL
                SELECT {Reminder}, id, channel_id, created_at FROM reminders WHERE {Unsent} AND NOT ({Due})
                UNION ALL
                SELECT {Notice}, id, channel_id, created_at FROM feed_notices WHERE {Unsent} AND NOT ({Due})),
            sends AS (
                SELECT {Alert} AS kind, id, channel_id, created_at FROM alerts WHERE {Unsent} AND {Due}
                UNION ALL
                SELECT {Digest}, id, channel_id, created_at FROM digests WHERE {Unsent} AND {Due}
                UNION ALL
                SELECT {Reminder}, id, channel_id, created_at FROM reminders WHERE {Unsent} AND {Due}
                UNION ALL
                SELECT {Notice}, id, channel_id, created_at FROM feed_notices WHERE {Unsent} AND {Due})
            SELECT kind, work, id FROM (
                SELECT s.kind, {Send} AS work, s.id, s.created_at FROM sends s
                WHERE NOT EXISTS (
                    SELECT 1 FROM waiting w
                    WHERE w.channel_id = s.channel_id AND (w.created_at, w.kind, w.id) < (s.created_at, s.kind, s.id))
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

    private static async Task<OutboxEntry> ClaimAsync(SqliteTransaction transaction, OutboxRef reference, string owner, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var table = Table(reference.Kind);
        var count = reference.Work == OutboxWork.Update
            ? "update_attempts = update_attempts + 1, update_claimed = update_requests"
            : "attempts = attempts + 1, update_claimed = update_requests";
        var attempts = reference.Work == OutboxWork.Update ? "update_attempts" : "attempts";
        var acks = reference.Kind == OutboxKind.Alert ? $", {AlertRows.AckColumns}, mute_notice" : "";
        bool leaseLapsed;
        await using (var previous = Command(transaction, $"SELECT lease_owner IS NOT NULL FROM {table} WHERE id = $id", ("$id", reference.Id)))
        {
            // Due means unleased or past its lease: an owner still named is one whose lease ran out.
            leaseLapsed = Convert.ToInt64(await previous.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
        }

        await using var command = Command(transaction, $"""
            UPDATE {table} SET lease_owner = $owner, lease_expires_at = $expires, {count} WHERE id = $id
            RETURNING channel_id, public_id, payload, {attempts}, platform_message_id, created_at{acks}
            """, ("$id", reference.Id), ("$owner", owner), ("$expires", DbTime.Write(expires)));
        var row = (await ReadAllAsync(command, r => (
            Channel: r.GetInt64(0),
            PublicId: r.GetString(1),
            Payload: r.GetString(2),
            Attempts: r.GetInt32(3),
            MessageId: r.IsDBNull(4) ? null : r.GetString(4),
            QueuedAt: DbTime.Read(r.GetString(5)),
            Ack: reference.Kind == OutboxKind.Alert ? AlertRows.ReadAcknowledgement(r, 6) : null,
            MuteNotice: reference.Kind == OutboxKind.Alert && !r.IsDBNull(10) ? r.GetString(10) : null), cancellationToken)).Single();

        ChannelPost post;
        ThreadParent? replyTo = null;
        if (reference.Kind == OutboxKind.Alert)
        {
            var (stage, parent) = await ThreadRows.ReadForClaimAsync(transaction, reference.Id, cancellationToken);
            post = AlertRows.ReadMessage(row.Payload, row.PublicId, row.Ack, row.MuteNotice) with { Stage = stage?.At(now) };
            replyTo = parent;
        }
        else if (reference.Kind == OutboxKind.Reminder)
        {
            (post, replyTo) = await ReminderRows.ReadForClaimAsync(transaction, reference.Id, row.Payload, now, cancellationToken);
        }
        else if (reference.Kind == OutboxKind.FeedNotice)
        {
            post = ReadFeedNotice(row.Payload, row.PublicId);
        }
        else
        {
            post = await DigestRows.ReadAsync(transaction, reference.Id, row.Channel, row.Payload, cancellationToken);
        }

        return new OutboxEntry(reference, await ReadChannelKeyAsync(transaction, row.Channel, cancellationToken), post, row.Attempts, owner, expires,
            reference.Work == OutboxWork.Update ? row.MessageId : null, row.QueuedAt) { ReplyTo = replyTo, LeaseLapsed = leaseLapsed };
    }

    /// <summary>Applies the change and releases the lease, only while the owner holds the claim; true when it did.</summary>
    private static async Task<bool> ReleaseAsync(
        SqliteTransaction transaction, OutboxRef entry, string owner, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var status = entry.Work == OutboxWork.Update ? "status = 'sent'" : Unsent;
        return await ExecuteAsync(transaction, $"""
            UPDATE {Table(entry.Kind)} SET {set}, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = $id AND lease_owner = $owner AND {status}
            """, cancellationToken, [("$id", entry.Id), ("$owner", owner), .. parameters]) == 1;
    }

    private static string Table(OutboxKind kind) => kind switch
    {
        OutboxKind.Alert => "alerts",
        OutboxKind.Reminder => "reminders",
        OutboxKind.FeedNotice => "feed_notices",
        _ => "digests",
    };

    private static async Task<ChannelKey> ReadChannelKeyAsync(SqliteTransaction transaction, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, "SELECT platform, workspace, channel FROM channels WHERE id = $c", ("$c", channelId));
        return (await ReadAllAsync(command, r => new ChannelKey(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken)).Single();
    }
}
