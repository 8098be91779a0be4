using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// Rows of the append-only <c>audit</c> table (triggers refuse updates and deletes). A change
/// writes its row through the change's own transaction.
/// </summary>
internal static class AuditRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string SelectColumns = "at, user_id, user_name, action, before, after";

    public static async Task WriteAsync(
        SqliteTransaction transaction, long channelId, Actor actor, string action, string? before, string? after, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = SqliteStore.Command(transaction, """
            INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after)
            VALUES ($at, $c, $uid, $uname, $action, $before, $after)
            """,
            ("$at", DbTime.Write(at)), ("$c", channelId), ("$uid", actor.UserId), ("$uname", actor.UserName),
            ("$action", action), ("$before", before), ("$after", after));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static AuditEntry Read(SqliteDataReader reader) => new(
        DbTime.Read(reader.GetString(0)),
        new Actor(reader.GetString(1), reader.GetString(2)),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}
