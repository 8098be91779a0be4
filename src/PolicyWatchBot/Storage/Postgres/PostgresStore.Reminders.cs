using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Deadline reminders: each channel's plan, its coming reminders, and queueing the due ones once (see
/// <see cref="ReminderRows"/>): releasing locks the due reminders it reads, so of two instances
/// releasing at once each reminder is queued (or skipped) by one.
/// </summary>
internal sealed partial class PostgresStore : IReminderStore
{
    public Task<RemindPlan> SetRemindPlanAsync(long channelId, Deadline deadline, RemindPlan plan, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var connection = transaction.Connection!;
            var before = (await ReminderRows.ReadSettingsAsync(connection, channelId, cancellationToken)).For(deadline);
            if (before == plan)
            {
                return before;
            }

            var column = deadline == Deadline.CommentsClose ? "remind_comments" : "remind_effective";
            await ExecuteAsync(transaction, $"UPDATE channels SET {column} = @plan WHERE id = @c", cancellationToken,
                ("c", channelId), ("plan", plan.ToString()));
            await ReminderRows.ReplanAsync(connection, channelId, deadline, plan, Now, cancellationToken);
            await AuditRows.WriteAsync(transaction, channelId, actor, "remind " + deadline.Word(), before.ToString(), plan.ToString(), Now, cancellationToken);
            return before;
        }, cancellationToken);

    public async Task<IReadOnlyList<ComingReminder>> GetComingRemindersAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReminderRows.ReadComingAsync(connection, channelId, cancellationToken);
    }

    public Task<int> ReleaseDueRemindersAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(transaction => ReminderRows.ReleaseDueAsync(transaction.Connection!, now, cancellationToken), cancellationToken);

    public async Task<DateTimeOffset?> GetNextReminderAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT MIN(due_at) FROM reminders WHERE status = 'scheduled'");
        return await ReadInstantOrNullAsync(command, cancellationToken);
    }
}
