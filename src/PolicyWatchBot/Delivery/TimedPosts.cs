using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// The posts that go out at a set time rather than when a poll finds something: each channel's
/// digest at its time, and deadline reminders. Releasing puts what is due in the outbox, once (the
/// store makes a second release of the same time do nothing), and wakes the dispatcher. The worker
/// runs it from a Quartz trigger at <see cref="NextAtAsync"/>; a one-shot verb once as it delivers.
/// </summary>
internal sealed class TimedPosts(IStore store, DigestRelease digests, OutboxSignal outbox, TimeProvider time)
{
    /// <summary>Returns how many digests and reminders were queued.</summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        var queued = await digests.ReleaseDueAsync(cancellationToken);
        var reminders = await store.ReleaseDueRemindersAsync(time.GetUtcNow(), cancellationToken);
        if (reminders > 0)
        {
            outbox.Notify();
        }

        return queued + reminders;
    }

    /// <summary>When the next digest or reminder falls due, or null when none is planned.</summary>
    public async Task<DateTimeOffset?> NextAtAsync(CancellationToken cancellationToken)
    {
        var digest = await store.GetNextDigestAtAsync(cancellationToken);
        var reminder = await store.GetNextReminderAtAsync(cancellationToken);
        return digest is null ? reminder : reminder is null ? digest : digest < reminder ? digest : reminder;
    }
}
