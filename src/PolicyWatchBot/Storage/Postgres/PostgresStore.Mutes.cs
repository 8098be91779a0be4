using Npgsql;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Mutes, as on SQLite: scope stored lower case (<c>rule</c>, <c>feed</c>, <c>channel</c>; a channel
/// mute has no target), targets compared as SQLite's NOCASE compares them (ASCII letters folded). A
/// mute is active while it has not been ended and its <c>until</c> is still ahead; one that ended or
/// ran out stays lapsed until <see cref="MarkMuteSettledAsync"/>; one replaced by a new mute of the
/// same target is settled at once. A change takes its channel's row lock first, so two instances
/// muting one target at once leave one active mute, the second replacing the first.
/// Audit: <c>mute</c>/<c>unmute</c> with <c>rule ai-chips until 2026-03-03 09:00Z</c>.
/// </summary>
internal sealed partial class PostgresStore : IMuteStore
{
    private const string MuteColumns = "id, scope, target, until, created_at, created_by, created_by_name";

    private const string SameTarget = "scope = @scope AND lower(COALESCE(target, '') COLLATE \"C\") = lower(COALESCE(@target, '') COLLATE \"C\")";

    public Task<Mute?> AddMuteAsync(long channelId, MuteTarget target, DateTimeOffset until, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, transaction => AddMuteAsync(transaction, channelId, target, until, actor, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Mute>> AddMutesAsync(
        long channelId, IReadOnlyList<MuteTarget> targets, DateTimeOffset until, Actor actor, (string AlertId, MuteNotice Notice)? noticeOn, CancellationToken cancellationToken) =>
        WriteChannelAsync<IReadOnlyList<Mute>>(channelId, async transaction =>
        {
            var replaced = new List<Mute>();
            foreach (var target in targets)
            {
                if (await AddMuteAsync(transaction, channelId, target, until, actor, cancellationToken) is { } earlier)
                {
                    replaced.Add(earlier);
                }
            }

            if (noticeOn is { } pressed)
            {
                await RecordMuteNoticeAsync(transaction.Connection!, channelId, pressed.AlertId, pressed.Notice, cancellationToken);
            }

            return replaced;
        }, cancellationToken);

    /// <summary>Sets ended_at only: the caller offers the held alerts, then settles the mute.</summary>
    public Task<Mute?> EndMuteAsync(long channelId, MuteTarget target, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var now = Now;
            var ended = await ReadActiveMuteAsync(transaction, channelId, target, now, cancellationToken);
            if (ended is not null)
            {
                await ExecuteAsync(transaction, "UPDATE mutes SET ended_at = @now WHERE id = @id", cancellationToken, ("id", ended.Id), ("now", now));
                await AuditRows.WriteAsync(transaction, channelId, actor, "unmute", AuditText.Mute(ended.Target, ended.Until), null, now, cancellationToken);
            }

            return ended;
        }, cancellationToken);

    public async Task<IReadOnlyList<Mute>> GetActiveMutesAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT {MuteColumns} FROM mutes WHERE channel_id = @c AND ended_at IS NULL AND until > @now ORDER BY id
            """, ("c", channelId), ("now", Now));
        return await ReadAllAsync(command, r => ReadMute(r, 0), cancellationToken);
    }

    /// <summary>Unsettled mutes that were ended or ran out, oldest end (ended_at, else until) first.</summary>
    public async Task<IReadOnlyList<(long ChannelId, Mute Mute)>> GetLapsedMutesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT channel_id, {MuteColumns} FROM mutes
            WHERE settled_at IS NULL AND (ended_at IS NOT NULL OR until <= @now)
            ORDER BY LEAST(COALESCE(ended_at, until), until), id
            """, ("now", Now));
        return await ReadAllAsync(command, r => (r.GetInt64(0), ReadMute(r, 1)), cancellationToken);
    }

    public async Task MarkMuteSettledAsync(long muteId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "UPDATE mutes SET settled_at = @now WHERE id = @id AND settled_at IS NULL", ("id", muteId), ("now", Now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextMuteEndAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT MIN(until) FROM mutes WHERE ended_at IS NULL AND until > @now", ("now", Now));
        return (await ReadAllAsync(command, r => r.IsDBNull(0) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(0), cancellationToken))[0];
    }

    public async Task<IReadOnlyList<AlertRecord>> GetHeldAlertsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"{AlertRows.SelectRecord} WHERE a.channel_id = @c AND a.status = 'muted' ORDER BY a.id",
            ("c", channelId));
        return await ReadAllAsync(command, AlertRows.ReadRecord, cancellationToken);
    }

    /// <summary>Every channel's active mutes, for a poll.</summary>
    internal static async Task<IReadOnlyList<(long ChannelId, Mute Mute)>> ReadActiveMutesAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT channel_id, {MuteColumns} FROM mutes WHERE ended_at IS NULL AND until > @now ORDER BY channel_id, id
            """, ("now", now));
        return await ReadAllAsync(command, r => (r.GetInt64(0), ReadMute(r, 1)), cancellationToken);
    }

    private async Task<Mute?> AddMuteAsync(NpgsqlTransaction transaction, long channelId, MuteTarget target, DateTimeOffset until, Actor actor, CancellationToken cancellationToken)
    {
        var now = Now;
        var replaced = await ReadActiveMuteAsync(transaction, channelId, target, now, cancellationToken);
        if (replaced is not null)
        {
            await ExecuteAsync(transaction, "UPDATE mutes SET ended_at = @now, settled_at = @now WHERE id = @id", cancellationToken, ("id", replaced.Id), ("now", now));
        }

        await ExecuteAsync(transaction, """
            INSERT INTO mutes (channel_id, scope, target, until, created_at, created_by, created_by_name)
            VALUES (@c, @scope, @target, @until, @at, @uid, @uname)
            """, cancellationToken,
            ("c", channelId), ("scope", StoredText.ScopeName(target.Scope)), ("target", target.Name), ("until", until),
            ("at", now), ("uid", actor.UserId), ("uname", actor.UserName));
        await AuditRows.WriteAsync(transaction, channelId, actor, "mute",
            replaced is null ? null : AuditText.Mute(replaced.Target, replaced.Until), AuditText.Mute(target, until), now, cancellationToken);
        return replaced;
    }

    private static async Task<Mute?> ReadActiveMuteAsync(NpgsqlTransaction transaction, long channelId, MuteTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"""
            SELECT {MuteColumns} FROM mutes
            WHERE channel_id = @c AND {SameTarget} AND ended_at IS NULL AND until > @now
            ORDER BY id DESC LIMIT 1
            """,
            ("c", channelId), ("scope", StoredText.ScopeName(target.Scope)), ("target", target.Name ?? ""), ("now", now));
        return (await ReadAllAsync(command, r => ReadMute(r, 0), cancellationToken)).FirstOrDefault();
    }

    /// <summary>Reads <see cref="MuteColumns"/> starting at <paramref name="first"/>.</summary>
    private static Mute ReadMute(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first),
        StoredText.ReadMuteTarget(reader.GetString(first + 1), reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2)),
        reader.GetFieldValue<DateTimeOffset>(first + 3),
        reader.GetFieldValue<DateTimeOffset>(first + 4),
        new Actor(reader.GetString(first + 5), reader.GetString(first + 6)));
}
