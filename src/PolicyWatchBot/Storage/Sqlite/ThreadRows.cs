using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using static PolicyWatchBot.Storage.Sqlite.SqliteStore;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// Rows of <c>threads</c>, <c>thread_items</c> and <c>item_citations</c>: one conversation per action
/// and channel, the items in it, and the FR documents items cite. A thread's parent is an alert;
/// its stage (JSON) is what the parent's message shows, so a changed stage asks for that message's edit.
/// </summary>
internal static class ThreadRows
{
    private const string SelectThread = """
        SELECT t.id, t.channel_id, p.public_id, t.subject_key, t.stage
        FROM threads t JOIN alerts p ON p.id = t.parent_alert_id
        """;

    public static async Task<ThreadBook> LoadAsync(SqliteTransaction transaction, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var members = new List<(ItemKey, ItemThread)>();
        var citing = new List<(ItemKey, ItemThread)>();
        await using var member = Command(transaction, $"{SelectThread} JOIN thread_items ti ON ti.thread_id = t.id WHERE ti.item_key = $k", ("$k", ""));
        await using var cited = Command(transaction, $"""
            {SelectThread} JOIN thread_items ti ON ti.thread_id = t.id
            JOIN item_citations c ON c.item_key = ti.item_key
            WHERE c.cited_key = $k
            """, ("$k", ""));
        member.Prepare();
        cited.Prepare();
        foreach (var key in keys)
        {
            member.Parameters["$k"].Value = key.Value;
            members.AddRange((await ReadAllAsync(member, ReadThread, cancellationToken)).Select(t => (key, t)));
            cited.Parameters["$k"].Value = key.Value;
            citing.AddRange((await ReadAllAsync(cited, ReadThread, cancellationToken)).Select(t => (key, t)));
        }

        return new ThreadBook(members, citing);
    }

    /// <summary>
    /// After the plan's alerts are inserted: the threads it starts (the foreign keys run both ways,
    /// so alerts get their thread afterwards), the items joining, subjects and stages, and citations.
    /// </summary>
    public static async Task WriteAsync(SqliteTransaction transaction, PollPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = DbTime.Write(now);
        foreach (var thread in plan.Threads)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO threads (id, channel_id, parent_alert_id, subject_key, created_at) VALUES ($id, $c, $parent, $subject, $at)
                """, cancellationToken, ("$id", thread.ThreadId), ("$c", thread.ChannelId), ("$parent", thread.ParentSequence),
                ("$subject", thread.Subject.Value), ("$at", at));
        }

        foreach (var alert in plan.Alerts.Where(a => a.Thread is not null))
        {
            await ExecuteAsync(transaction, "UPDATE alerts SET thread_id = $t WHERE id = $id", cancellationToken,
                ("$t", alert.Thread!.ThreadId), ("$id", alert.Sequence));
        }

        foreach (var item in plan.ThreadItems)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO thread_items (channel_id, item_key, thread_id, joined_by, joined_at) VALUES ($c, $k, $t, $by, $at)
                ON CONFLICT (channel_id, item_key) DO NOTHING
                """, cancellationToken, ("$c", item.ChannelId), ("$k", item.Item.Value), ("$t", item.ThreadId),
                ("$by", JoinName(item.Join)), ("$at", at));
        }

        foreach (var update in plan.ThreadUpdates)
        {
            await ExecuteAsync(transaction, "UPDATE threads SET subject_key = $subject, stage = $stage WHERE id = $t", cancellationToken,
                ("$t", update.ThreadId), ("$subject", update.Subject.Value),
                ("$stage", update.Stage is null ? null : JsonSerializer.Serialize(update.Stage, StorageJsonContext.Default.ThreadStage)));
            if (update.Stage is not null)
            {
                await QueueParentUpdateAsync(transaction, update.ThreadId, now, cancellationToken);
            }
        }

        foreach (var citation in plan.Citations)
        {
            foreach (var cited in citation.Cited)
            {
                await ExecuteAsync(transaction, "INSERT INTO item_citations (item_key, cited_key) VALUES ($k, $cited) ON CONFLICT DO NOTHING",
                    cancellationToken, ("$k", citation.Item.Value), ("$cited", cited.Value));
            }
        }
    }

    /// <summary>The parent's message shows the stage: edited now when it is posted, or shown when it is (a send reads the stage then).</summary>
    public static Task QueueParentUpdateAsync(SqliteTransaction transaction, long threadId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, """
            UPDATE alerts SET update_requests = update_requests + 1,
                update_due_at = CASE WHEN status = 'sent' THEN $now ELSE update_due_at END,
                update_attempts = CASE WHEN status = 'sent' THEN 0 ELSE update_attempts END
            WHERE id = (SELECT parent_alert_id FROM threads WHERE id = $t) AND digest_id IS NULL
            """, cancellationToken, ("$t", threadId), ("$now", DbTime.Write(now)));

    /// <summary>
    /// For a claimed alert: the stage it shows when it is its thread's parent, and the message it
    /// replies to when it is a reply (the thread's parent now, which may have changed since it was queued).
    /// </summary>
    public static async Task<(ThreadStage? Stage, ThreadParent? ReplyTo)> ReadForClaimAsync(SqliteTransaction transaction, long alertId, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, """
            SELECT t.parent_alert_id, t.stage, p.public_id, p.platform_message_id
            FROM alerts a JOIN threads t ON t.id = a.thread_id JOIN alerts p ON p.id = t.parent_alert_id
            WHERE a.id = $id
            """, ("$id", alertId));
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
    public static Task BecomeParentAsync(SqliteTransaction transaction, long alertId, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "UPDATE threads SET parent_alert_id = $id WHERE id = (SELECT thread_id FROM alerts WHERE id = $id)",
            cancellationToken, ("$id", alertId));

    private static ItemThread ReadThread(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), new ItemKey(r.GetString(3)),
        r.IsDBNull(4) ? null : JsonSerializer.Deserialize(r.GetString(4), StorageJsonContext.Default.ThreadStage));

    private static string JoinName(ThreadJoin join) => join switch
    {
        ThreadJoin.Correction => "correction",
        ThreadJoin.Cites => "cites",
        ThreadJoin.CitedBy => "cited_by",
        _ => "started",
    };
}
