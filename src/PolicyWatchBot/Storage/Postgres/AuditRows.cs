using Npgsql;
using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Rows of the append-only <c>audit</c> table (triggers refuse updates, deletes and truncation). A
/// change writes its row through the change's own transaction.
/// </summary>
internal static class AuditRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string SelectColumns = "at, user_id, user_name, action, before, after";

    public static async Task WriteAsync(
        NpgsqlTransaction transaction, long channelId, Actor actor, string action, string? before, string? after, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresStore.Command(transaction, """
            INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after)
            VALUES (@at, @c, @uid, @uname, @action, @before, @after)
            """,
            ("at", at), ("c", channelId), ("uid", actor.UserId), ("uname", actor.UserName),
            ("action", action), ("before", before), ("after", after));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static AuditEntry Read(NpgsqlDataReader reader) => new(
        reader.GetFieldValue<DateTimeOffset>(0),
        new Actor(reader.GetString(1), reader.GetString(2)),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}
