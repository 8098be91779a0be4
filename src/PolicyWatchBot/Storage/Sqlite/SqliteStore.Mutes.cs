using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// Mutes. Scope is stored lower case (<c>rule</c>, <c>feed</c>, <c>channel</c>; a channel mute has
/// no target) and targets are compared case-insensitively. A mute is active while it has not been
/// ended and its <c>until</c> is still ahead. A mute that ended or ran out stays "lapsed" until
/// <see cref="MarkMuteSettledAsync"/> records that its held alerts were offered; a mute replaced by
/// a new mute of the same target is settled at once (the new one holds the same alerts).
/// Audit: <c>mute</c>/<c>unmute</c> with <c>rule ai-chips until 2026-03-03 09:00Z</c>.
/// </summary>
internal sealed partial class SqliteStore
{
    private const string MuteColumns = "id, scope, target, until, created_at, created_by, created_by_name";

    private const string SameTarget = "scope = $scope AND COALESCE(target, '') = COALESCE($target, '') COLLATE NOCASE";

    public Task<Mute?> AddMuteAsync(long channelId, MuteTarget target, DateTimeOffset until, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync(transaction => AddMuteAsync(transaction, channelId, target, until, actor, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Mute>> AddMutesAsync(
        long channelId, IReadOnlyList<MuteTarget> targets, DateTimeOffset until, Actor actor, (string AlertId, MuteNotice Notice)? noticeOn, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<Mute>>(async transaction =>
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
                await RecordMuteNoticeAsync(transaction, channelId, pressed.AlertId, pressed.Notice, cancellationToken);
            }

            return replaced;
        }, cancellationToken);

    private async Task<Mute?> AddMuteAsync(SqliteTransaction transaction, long channelId, MuteTarget target, DateTimeOffset until, Actor actor, CancellationToken cancellationToken)
    {
        var now = UtcNow();
        var replaced = await ReadActiveMuteAsync(transaction, channelId, target, now, cancellationToken);
        if (replaced is not null)
        {
            await ExecuteAsync(transaction, "UPDATE mutes SET ended_at = $now, settled_at = $now WHERE id = $id",
                cancellationToken, ("$id", replaced.Id), ("$now", DbTime.Write(now)));
        }

        await ExecuteAsync(transaction, """
            INSERT INTO mutes (channel_id, scope, target, until, created_at, created_by, created_by_name)
            VALUES ($c, $scope, $target, $until, $at, $uid, $uname)
            """, cancellationToken,
            ("$c", channelId), ("$scope", StoredText.ScopeName(target.Scope)), ("$target", target.Name), ("$until", DbTime.Write(until)),
            ("$at", DbTime.Write(now)), ("$uid", actor.UserId), ("$uname", actor.UserName));
        await AuditRows.WriteAsync(transaction, channelId, actor, "mute",
            replaced is null ? null : AuditText.Mute(replaced.Target, replaced.Until), AuditText.Mute(target, until), now, cancellationToken);
        return replaced;
    }

    /// <summary>Sets ended_at only: the caller offers the held alerts, then settles the mute.</summary>
    public Task<Mute?> EndMuteAsync(long channelId, MuteTarget target, Actor actor, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            var now = UtcNow();
            var ended = await ReadActiveMuteAsync(transaction, channelId, target, now, cancellationToken);
            if (ended is not null)
            {
                await ExecuteAsync(transaction, "UPDATE mutes SET ended_at = $now WHERE id = $id",
                    cancellationToken, ("$id", ended.Id), ("$now", DbTime.Write(now)));
                await AuditRows.WriteAsync(transaction, channelId, actor, "unmute", AuditText.Mute(ended.Target, ended.Until), null, now, cancellationToken);
            }

            return ended;
        }, cancellationToken);

    public async Task<IReadOnlyList<Mute>> GetActiveMutesAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadActiveMutesAsync(connection, channelId, UtcNow(), cancellationToken);
    }

    /// <summary>Unsettled mutes that were ended or ran out, oldest end (ended_at, else until) first.</summary>
    public async Task<IReadOnlyList<(long ChannelId, Mute Mute)>> GetLapsedMutesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT channel_id, {MuteColumns} FROM mutes
            WHERE settled_at IS NULL AND (ended_at IS NOT NULL OR until <= $now)
            ORDER BY MIN(COALESCE(ended_at, until), until), id
            """, ("$now", Now()));
        return await ReadAllAsync(command, r => (r.GetInt64(0), ReadMute(r, 1)), cancellationToken);
    }

    public async Task MarkMuteSettledAsync(long muteId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "UPDATE mutes SET settled_at = $now WHERE id = $id AND settled_at IS NULL",
            ("$id", muteId), ("$now", Now()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextMuteEndAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT MIN(until) FROM mutes WHERE ended_at IS NULL AND until > $now", ("$now", Now()));
        return DbTime.ReadOrNull(await command.ExecuteScalarAsync(cancellationToken) ?? DBNull.Value);
    }

    private static async Task<Mute?> ReadActiveMuteAsync(SqliteTransaction transaction, long channelId, MuteTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"""
            SELECT {MuteColumns} FROM mutes
            WHERE channel_id = $c AND {SameTarget} AND ended_at IS NULL AND until > $now
            ORDER BY id DESC LIMIT 1
            """,
            ("$c", channelId), ("$scope", StoredText.ScopeName(target.Scope)), ("$target", target.Name), ("$now", DbTime.Write(now)));
        return (await ReadAllAsync(command, r => ReadMute(r, 0), cancellationToken)).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<Mute>> ReadActiveMutesAsync(SqliteConnection connection, long channelId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT {MuteColumns} FROM mutes WHERE channel_id = $c AND ended_at IS NULL AND until > $now ORDER BY id
            """, ("$c", channelId), ("$now", DbTime.Write(now)));
        return await ReadAllAsync(command, r => ReadMute(r, 0), cancellationToken);
    }

    /// <summary>Every channel's active mutes, for a poll.</summary>
    internal static async Task<IReadOnlyList<(long ChannelId, Mute Mute)>> ReadActiveMutesAsync(SqliteTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"""
            SELECT channel_id, {MuteColumns} FROM mutes WHERE ended_at IS NULL AND until > $now ORDER BY channel_id, id
            """, ("$now", DbTime.Write(now)));
        return await ReadAllAsync(command, r => (r.GetInt64(0), ReadMute(r, 1)), cancellationToken);
    }

    /// <summary>Reads <see cref="MuteColumns"/> starting at <paramref name="first"/>.</summary>
    private static Mute ReadMute(SqliteDataReader reader, int first)
    {
        return new Mute(
            reader.GetInt64(first),
            StoredText.ReadMuteTarget(reader.GetString(first + 1), reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2)),
            DbTime.Read(reader.GetString(first + 3)),
            DbTime.Read(reader.GetString(first + 4)),
            new Actor(reader.GetString(first + 5), reader.GetString(first + 6)));
    }
}
