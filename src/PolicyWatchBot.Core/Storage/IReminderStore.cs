using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Reminders;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Deadline reminders. A poll's write records each alert's comment-close and effective dates (per channel and item) and plans their reminders by the channel's settings; a changed date moves them.</summary>
public interface IReminderStore
{
    /// <summary>
    /// Sets when the channel is reminded of one kind of deadline, and re-plans the reminders of its
    /// coming deadlines of that kind; returns the plan before. Audited when it changes.
    /// </summary>
    Task<RemindPlan> SetRemindPlanAsync(long channelId, Deadline deadline, RemindPlan plan, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's reminders still to come, the soonest first.</summary>
    Task<IReadOnlyList<ComingReminder>> GetComingRemindersAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>
    /// Queues every reminder due at or before <paramref name="now"/> for sending, once: a reminder is
    /// queued or skipped (its deadline passed, a later reminder of the same deadline is due too, or
    /// the channel skips acknowledged alerts and this one was acknowledged) in one transaction.
    /// Returns how many were queued.
    /// </summary>
    Task<int> ReleaseDueRemindersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the next reminder of any channel falls due, or null when none is planned.</summary>
    Task<DateTimeOffset?> GetNextReminderAtAsync(CancellationToken cancellationToken);
}
