using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using static PolicyWatchBot.Storage.Postgres.PostgresStore;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Rows of <c>deadlines</c> and <c>reminders</c>. A deadline is the latest comment-close or effective
/// date a channel was told of for an item; its reminders are planned from the channel's plan
/// (<c>channels.remind_comments</c>, <c>remind_effective</c>) and replaced (status moved) when the date
/// or the plan changes. A reminder already queued or sent for the same date and days is never planned again.
/// </summary>
internal static class ReminderRows
{
    public static string Word(Deadline deadline) => deadline.Word();

    /// <summary>The channel's plans (the defaults where it set none).</summary>
    public static async Task<RemindSettings> ReadSettingsAsync(NpgsqlConnection connection, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT remind_comments, remind_effective FROM channels WHERE id = @c", ("c", channelId));
        var rows = await ReadAllAsync(command, r => Settings(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), cancellationToken);
        return rows.Count == 0 ? RemindSettings.Default : rows[0];
    }

    public static RemindSettings Settings(string? comments, string? effective) =>
        new(RemindPlan.Parse(comments) ?? RemindPlan.DefaultComments, RemindPlan.Parse(effective) ?? RemindPlan.DefaultEffective);

    /// <summary>Records the deadlines of a poll's alerts (a mute's held alerts get none) and plans or moves their reminders.</summary>
    public static async Task TrackAsync(NpgsqlConnection connection, IEnumerable<PlannedAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<long, RemindSettings>();
        foreach (var alert in alerts.Where(a => !a.Held))
        {
            if (!settings.TryGetValue(alert.ChannelId, out var plans))
            {
                settings[alert.ChannelId] = plans = await ReadSettingsAsync(connection, alert.ChannelId, cancellationToken);
            }

            foreach (var (deadline, date) in ((Deadline, DateOnly?)[])[(Deadline.CommentsClose, alert.Message.CommentsCloseOn), (Deadline.Effective, alert.Message.EffectiveOn)])
            {
                await TrackAsync(connection, alert, deadline, date, plans.For(deadline), now, cancellationToken);
            }
        }
    }

    private static async Task TrackAsync(NpgsqlConnection connection, PlannedAlert alert, Deadline deadline, DateOnly? date, RemindPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (string, object?)[] key = [("c", alert.ChannelId), ("k", alert.Item.Value), ("d", Word(deadline))];
        DateOnly? stored;
        await using (var read = Command(connection, "SELECT due_on FROM deadlines WHERE channel_id = @c AND item_key = @k AND deadline = @d", key))
        {
            stored = (await ReadAllAsync(read, r => (DateOnly?)r.GetFieldValue<DateOnly>(0), cancellationToken)).FirstOrDefault();
        }

        if (date is not { } due)
        {
            if (stored is not null)
            {
                await ExecuteAsync(connection, "DELETE FROM deadlines WHERE channel_id = @c AND item_key = @k AND deadline = @d", cancellationToken, key);
                await MoveScheduledAsync(connection, key, cancellationToken);
            }

            return;
        }

        if (stored == due)
        {
            // The same date from a later alert: its reminders go in the thread as before, titled as it is now.
            await ExecuteAsync(connection, "UPDATE deadlines SET alert_id = @a WHERE channel_id = @c AND item_key = @k AND deadline = @d",
                cancellationToken, [.. key, ("a", alert.Sequence)]);
            await ExecuteAsync(connection, "UPDATE reminders SET alert_id = @a WHERE channel_id = @c AND item_key = @k AND deadline = @d AND status = 'scheduled'",
                cancellationToken, [.. key, ("a", alert.Sequence)]);
            return;
        }

        await ExecuteAsync(connection, """
            INSERT INTO deadlines (channel_id, item_key, deadline, due_on, zone, alert_id) VALUES (@c, @k, @d, @on, @z, @a)
            ON CONFLICT (channel_id, item_key, deadline) DO UPDATE SET due_on = excluded.due_on, zone = excluded.zone, alert_id = excluded.alert_id
            """, cancellationToken, [.. key, ("on", due), ("z", alert.Zone), ("a", alert.Sequence)]);
        await MoveScheduledAsync(connection, key, cancellationToken);
        await PlanAsync(connection, alert.ChannelId, alert.Item.Value, deadline, due, alert.Zone, alert.Sequence, plan, now, cancellationToken);
    }

    /// <summary>After the channel's plan for a kind of deadline changed: its coming deadlines of that kind get the new plan's reminders.</summary>
    public static async Task ReplanAsync(NpgsqlConnection connection, long channelId, Deadline deadline, RemindPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT item_key, due_on, zone, alert_id FROM deadlines WHERE channel_id = @c AND deadline = @d",
            ("c", channelId), ("d", Word(deadline)));
        var rows = await ReadAllAsync(command, r => (Item: r.GetString(0), Due: r.GetFieldValue<DateOnly>(1), Zone: r.GetString(2), Alert: r.GetInt64(3)), cancellationToken);
        foreach (var row in rows)
        {
            await MoveScheduledAsync(connection, [("c", channelId), ("k", row.Item), ("d", Word(deadline))], cancellationToken);
            await PlanAsync(connection, channelId, row.Item, deadline, row.Due, row.Zone, row.Alert, plan, now, cancellationToken);
        }
    }

    private static Task<int> MoveScheduledAsync(NpgsqlConnection connection, (string, object?)[] key, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "UPDATE reminders SET status = 'moved' WHERE channel_id = @c AND item_key = @k AND deadline = @d AND status = 'scheduled'",
            cancellationToken, key);

    private static async Task PlanAsync(
        NpgsqlConnection connection, long channelId, string item, Deadline deadline, DateOnly due, string zone, long alertId, RemindPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (days, dueAt) in ReminderTimes.Coming(due, plan, zone, now))
        {
            await ExecuteAsync(connection, """
                INSERT INTO reminders (channel_id, item_key, deadline, due_on, days_before, zone, alert_id, due_at, status, created_at, next_attempt_at)
                SELECT @c, @k, @d, @on, @days, @z, @a, @at, 'scheduled', @now, @at
                WHERE NOT EXISTS (
                    SELECT 1 FROM reminders WHERE channel_id = @c AND item_key = @k AND deadline = @d AND due_on = @on AND days_before = @days
                    AND status NOT IN ('moved', 'skipped'))
                """, cancellationToken, ("c", channelId), ("k", item), ("d", Word(deadline)), ("on", due), ("days", days),
                ("z", zone), ("a", alertId), ("at", dueAt), ("now", now));
        }
    }

    /// <summary>Queues the due reminders (see <see cref="IReminderStore.ReleaseDueRemindersAsync"/>); returns how many.</summary>
    public static async Task<int> ReleaseDueAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT r.id, r.channel_id, r.item_key, r.deadline, r.due_on, r.days_before, r.zone, r.alert_id, r.due_at,
                   c.remind_comments, c.remind_effective, a.public_id, a.payload::text
            FROM reminders r JOIN channels c ON c.id = r.channel_id JOIN alerts a ON a.id = r.alert_id
            WHERE r.status = 'scheduled' AND r.due_at <= @now
            ORDER BY r.due_at, r.id
            FOR UPDATE OF r
            """, ("now", now));
        var due = await ReadAllAsync(command, r => new DueRow(
            r.GetInt64(0), r.GetInt64(1), r.GetString(2), DeadlineOf(r.GetString(3)), r.GetFieldValue<DateOnly>(4), r.GetInt32(5), r.GetString(6),
            r.GetInt64(7), r.GetFieldValue<DateTimeOffset>(8), Settings(r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10)),
            r.GetString(11), r.GetString(12)), cancellationToken);
        var queued = 0;
        foreach (var deadline in due.GroupBy(d => (d.ChannelId, d.Item, d.Deadline)))
        {
            // After downtime several reminders of one deadline can be due: only the one nearest the deadline says anything new.
            var latest = deadline.MaxBy(d => (d.DueAt, d.Id))!;
            foreach (var row in deadline.Where(d => d != latest))
            {
                await SkipAsync(connection, row.Id, $"a later reminder of the same deadline ({row.DueOn:yyyy-MM-dd}) was due too", cancellationToken);
            }

            if (SourceCalendar.Today(latest.Zone, now) > latest.DueOn)
            {
                await SkipAsync(connection, latest.Id, "the deadline had passed when the reminder fell due", cancellationToken);
            }
            else if (latest.Settings.For(latest.Deadline).UnackedOnly && await AcknowledgedAsync(connection, latest, cancellationToken))
            {
                await SkipAsync(connection, latest.Id, "the alert was acknowledged and the channel skips reminders of acknowledged alerts", cancellationToken);
            }
            else
            {
                queued += await QueueAsync(connection, latest, now, cancellationToken);
            }
        }

        return queued;
    }

    private static async Task<int> QueueAsync(NpgsqlConnection connection, DueRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alert = AlertRows.ReadMessage(row.AlertPayload, row.AlertPublicId, null, null);
        var reminder = new ReminderMessage
        {
            ReminderId = AlertId.ForReminder(row.Id),
            AlertId = alert.AlertId,
            ItemKey = alert.ItemKey,
            FeedId = alert.FeedId,
            Title = alert.Title,
            Link = alert.Link,
            Deadline = row.Deadline,
            DeadlineOn = row.DueOn,
            DaysBefore = row.DaysBefore,
            Zone = row.Zone,
        };
        return await ExecuteAsync(connection, """
            UPDATE reminders SET status = 'pending', public_id = @pid, payload = @payload::jsonb, created_at = @now, next_attempt_at = @now
            WHERE id = @id AND status = 'scheduled'
            """, cancellationToken, ("id", row.Id), ("pid", reminder.ReminderId),
            ("payload", JsonSerializer.Serialize(reminder, StorageJsonContext.Default.ReminderMessage)), ("now", now));
    }

    private static Task<int> SkipAsync(NpgsqlConnection connection, long id, string reason, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "UPDATE reminders SET status = 'skipped', last_error = @why WHERE id = @id AND status = 'scheduled'",
            cancellationToken, ("id", id), ("why", reason));

    /// <summary>Any alert of the item in the channel, or its thread's parent, was acknowledged.</summary>
    private static async Task<bool> AcknowledgedAsync(NpgsqlConnection connection, DueRow row, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT EXISTS (SELECT 1 FROM alerts WHERE channel_id = @c AND item_key = @k AND acked_at IS NOT NULL)
                OR EXISTS (SELECT 1 FROM alerts a JOIN threads t ON t.id = a.thread_id JOIN alerts p ON p.id = t.parent_alert_id
                           WHERE a.id = @a AND p.acked_at IS NOT NULL)
            """, ("c", row.ChannelId), ("k", row.Item), ("a", row.AlertId));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>For a claimed reminder: the message it is, dated now, and its thread's parent (null when its alert started no thread).</summary>
    public static async Task<(ReminderMessage Message, ThreadParent? ReplyTo)> ReadForClaimAsync(NpgsqlConnection connection, long id, string payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize(payload, StorageJsonContext.Default.ReminderMessage)!.At(now);
        await using var command = Command(connection, """
            SELECT p.public_id, p.platform_message_id
            FROM reminders r JOIN alerts a ON a.id = r.alert_id JOIN threads t ON t.id = a.thread_id JOIN alerts p ON p.id = t.parent_alert_id
            WHERE r.id = @id
            """, ("id", id));
        var parents = await ReadAllAsync(command, r => new ThreadParent(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), cancellationToken);
        return (message, parents.Count == 0 ? null : parents[0]);
    }

    public static async Task<IReadOnlyList<ComingReminder>> ReadComingAsync(NpgsqlConnection connection, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT a.public_id, a.payload::text, r.deadline, r.due_on, r.days_before, r.due_at
            FROM reminders r JOIN alerts a ON a.id = r.alert_id
            WHERE r.channel_id = @c AND r.status = 'scheduled'
            ORDER BY r.due_at, r.id
            """, ("c", channelId));
        return await ReadAllAsync(command, r =>
        {
            var alert = AlertRows.ReadMessage(r.GetString(1), r.GetString(0), null, null);
            return new ComingReminder(alert.AlertId, alert.Title, alert.Link, DeadlineOf(r.GetString(2)), r.GetFieldValue<DateOnly>(3), r.GetInt32(4), r.GetFieldValue<DateTimeOffset>(5));
        }, cancellationToken);
    }

    private static Deadline DeadlineOf(string word) => DeadlineNames.FromWord(word) ?? throw new InvalidDataException($"unknown deadline '{word}' in reminders");

    private sealed record DueRow(
        long Id, long ChannelId, string Item, Deadline Deadline, DateOnly DueOn, int DaysBefore, string Zone, long AlertId, DateTimeOffset DueAt,
        RemindSettings Settings, string AlertPublicId, string AlertPayload);
}
