using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using static PolicyWatchBot.Storage.Postgres.PostgresStore;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Rows of <c>threads</c>, <c>thread_items</c> and <c>item_citations</c>: one conversation per action
/// and channel, the items in it, and the FR documents items cite. A thread's parent is an alert;
/// its stage (JSON) is what the parent's message shows, so a changed stage asks for that message's edit.
/// </summary>
internal static class ThreadRows
{
    private const string SelectThread = """
        SELECT t.id, t.channel_id, p.public_id, t.subject_key, t.stage::text
        FROM threads t JOIN alerts p ON p.id = t.parent_alert_id
        """;

    public static async Task<ThreadBook> LoadAsync(NpgsqlConnection connection, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var array = KeyArray(keys);
        await using var member = Command(connection,
            $"SELECT ti.item_key, q.* FROM thread_items ti CROSS JOIN LATERAL ({SelectThread} WHERE t.id = ti.thread_id) q WHERE ti.item_key = ANY(@keys) ORDER BY ti.item_key, q.id",
            ("keys", array));
        var members = await ReadAllAsync(member, ReadKeyedThread, cancellationToken);
        await using var cited = Command(connection, $"""
            SELECT c.cited_key, q.* FROM item_citations c JOIN thread_items ti ON ti.item_key = c.item_key
            CROSS JOIN LATERAL ({SelectThread} WHERE t.id = ti.thread_id) q
            WHERE c.cited_key = ANY(@keys) ORDER BY c.cited_key, q.id
            """, ("keys", array));
        var citing = await ReadAllAsync(cited, ReadKeyedThread, cancellationToken);
        return new ThreadBook(members, citing);
    }

    /// <summary>
    /// After the plan's alerts are inserted: the threads it starts (the foreign keys run both ways,
    /// so alerts get their thread afterwards), the items joining, subjects and stages, and citations.
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection connection, PollPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new PostgresWriteBatch(connection);
        foreach (var thread in plan.Threads)
        {
            batch.Add("INSERT INTO threads (id, channel_id, parent_alert_id, subject_key, created_at) VALUES (@id, @c, @parent, @subject, @at)",
                ("id", thread.ThreadId), ("c", thread.ChannelId), ("parent", thread.ParentSequence), ("subject", thread.Subject.Value), ("at", now));
        }

        foreach (var alert in plan.Alerts.Where(a => a.Thread is not null))
        {
            batch.Add("UPDATE alerts SET thread_id = @t WHERE id = @id", ("t", alert.Thread!.ThreadId), ("id", alert.Sequence));
        }

        foreach (var item in plan.ThreadItems)
        {
            batch.Add("""
                INSERT INTO thread_items (channel_id, item_key, thread_id, joined_by, joined_at) VALUES (@c, @k, @t, @by, @at)
                ON CONFLICT (channel_id, item_key) DO NOTHING
                """, ("c", item.ChannelId), ("k", item.Item.Value), ("t", item.ThreadId), ("by", JoinName(item.Join)), ("at", now));
        }

        foreach (var update in plan.ThreadUpdates)
        {
            batch.Add("UPDATE threads SET subject_key = @subject, stage = @stage::jsonb WHERE id = @t",
                ("t", update.ThreadId), ("subject", update.Subject.Value),
                ("stage", update.Stage is null ? null : JsonSerializer.Serialize(update.Stage, StorageJsonContext.Default.ThreadStage)));
            if (update.Stage is not null)
            {
                AddParentUpdate(batch, update.ThreadId, now);
            }
        }

        foreach (var citation in plan.Citations)
        {
            foreach (var cited in citation.Cited)
            {
                batch.Add("INSERT INTO item_citations (item_key, cited_key) VALUES (@k, @cited) ON CONFLICT DO NOTHING",
                    ("k", citation.Item.Value), ("cited", cited.Value));
            }
        }

        await batch.ExecuteAsync(cancellationToken);
    }

    /// <summary>The parent's message shows the stage: edited now when it is posted, or shown when it is (a send reads the stage then).</summary>
    private static void AddParentUpdate(PostgresWriteBatch batch, long threadId, DateTimeOffset now) =>
        batch.Add("""
            UPDATE alerts SET update_requests = update_requests + 1,
                update_due_at = CASE WHEN status = 'sent' THEN @now ELSE update_due_at END,
                update_attempts = CASE WHEN status = 'sent' THEN 0 ELSE update_attempts END
            WHERE id = (SELECT parent_alert_id FROM threads WHERE id = @t) AND digest_id IS NULL
            """, ("t", threadId), ("now", now));

    /// <summary>
    /// For a claimed alert: the stage it shows when it is its thread's parent, and the message it
    /// replies to when it is a reply (the thread's parent now, which may have changed since it was queued).
    /// </summary>
    public static async Task<(ThreadStage? Stage, ThreadParent? ReplyTo)> ReadForClaimAsync(NpgsqlConnection connection, long alertId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT t.parent_alert_id, t.stage::text, p.public_id, p.platform_message_id
            FROM alerts a JOIN threads t ON t.id = a.thread_id JOIN alerts p ON p.id = t.parent_alert_id
            WHERE a.id = @id
            """, ("id", alertId));
        var rows = await ReadAllAsync(command, r => (
            Parent: r.GetInt64(0),
            Stage: r.IsDBNull(1) ? null : JsonSerializer.Deserialize(r.GetString(1), StorageJsonContext.Default.ThreadStage),
            ParentId: r.GetString(2),
            MessageId: r.IsDBNull(3) ? null : r.GetString(3)), cancellationToken);
        if (rows.Count == 0)
        {
            return (null, null);
        }

        var row = rows[0];
        return row.Parent == alertId ? (row.Stage, null) : (null, new ThreadParent(row.ParentId, row.MessageId));
    }

    /// <summary>The alert was posted as its thread's new parent (the old parent's message was gone).</summary>
    public static async Task BecomeParentAsync(NpgsqlConnection connection, long alertId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "UPDATE threads SET parent_alert_id = @id WHERE id = (SELECT thread_id FROM alerts WHERE id = @id)",
            ("id", alertId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static (ItemKey, ItemThread) ReadKeyedThread(NpgsqlDataReader r) => (new ItemKey(r.GetString(0)), new ItemThread(
        r.GetInt64(1), r.GetInt64(2), r.GetString(3), new ItemKey(r.GetString(4)),
        r.IsDBNull(5) ? null : JsonSerializer.Deserialize(r.GetString(5), StorageJsonContext.Default.ThreadStage)));

    private static string JoinName(ThreadJoin join) => join switch
    {
        ThreadJoin.Correction => "correction",
        ThreadJoin.Cites => "cites",
        ThreadJoin.CitedBy => "cited_by",
        _ => "started",
    };
}
