using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// Posts the digests that are due: each channel in digest mode whose time has come gets its held
/// alerts as one message (nothing when nothing is held), once, and its next time is set. After a
/// restart or an outage, a digest that was due is posted at once, and only one for the missed times.
/// </summary>
internal sealed class DigestRelease(IStore store, OutboxSignal outbox, TimeProvider time)
{
    /// <summary>Returns how many digests were posted.</summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var posted = 0;
        foreach (var due in await store.GetDueDigestsAsync(now, cancellationToken))
        {
            if (await store.ReleaseDigestAsync(due.ChannelId, due.DueAt, due.Schedule.Next(now), cancellationToken) is not null)
            {
                posted++;
            }
        }

        if (posted > 0)
        {
            outbox.Notify();
        }

        return posted;
    }
}
