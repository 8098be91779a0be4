using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Core.Storage;

/// <summary>The outbox: alerts and digests to send, and sent messages to update.</summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims due work, oldest first. A channel's sends go strictly in order: a send is not claimed
    /// while an older send of its channel waits (not due yet, parked, or claimed by another worker).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back every lease <paramref name="owner"/> holds (a worker stopping mid-delivery), so the
    /// next worker takes those posts at once instead of after the lease; a send that was under way
    /// is found by the platform check every further attempt makes. Returns how many were given back.
    /// </summary>
    Task<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Done: a send records the platform's message id (a digest's alerts become sent with it); an update clears the pending update.</summary>
    Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="MarkSentAsync(OutboxRef, string, string?, DateTimeOffset, CancellationToken)"/>; with
    /// <paramref name="startedThread"/> the alert was posted as its thread's new parent (the old parent's
    /// message was gone), and the thread's later replies go under it.
    /// </summary>
    Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, bool startedThread, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(OutboxRef entry, string owner, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    /// <summary>Not tried (a rate limit, or waiting behind an older post of its channel): due again at <paramref name="at"/>, the claim not counted as an attempt.</summary>
    Task MarkDeferredAsync(OutboxRef entry, string owner, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    /// <summary>A send becomes parked with the reason and is probed again at <paramref name="probeAt"/>; an update just waits until then.</summary>
    Task MarkParkedAsync(OutboxRef entry, string owner, ParkScope scope, DateTimeOffset probeAt, string reason, CancellationToken cancellationToken);

    /// <summary>Parks every unclaimed pending send of the channel, or with <see cref="ParkScope.Platform"/> of every channel of its platform; returns how many.</summary>
    Task<int> ParkPendingAsync(ChannelKey channel, ParkScope scope, DateTimeOffset probeAt, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the sends parked for the channel due now (someone used the channel). With
    /// <see cref="ParkScope.Platform"/> (a send there just got through) every parked send of the
    /// channel, and those parked for its whole platform. Returns how many.
    /// </summary>
    Task<int> ResumeParkedAsync(ChannelKey channel, ParkScope widest, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Fails every unclaimed pending or parked send of the channel (it is gone or archived); returns how many.</summary>
    Task<int> FailUnsentAsync(ChannelKey channel, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<ParkedPosts>> GetParkedAsync(CancellationToken cancellationToken);

    /// <summary>Never deliverable: a send becomes failed with the reason; an update is given up (the message stays as it was).</summary>
    Task MarkFailedAsync(OutboxRef entry, string owner, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// When the next post can be claimed: the earliest due time of each channel's oldest unsent
    /// post (later ones wait behind it) and of every asked-for update; null when nothing waits.
    /// </summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);

    /// <summary>Every send and update not done yet, grouped by channel, state and last reason, earliest try first within a channel.</summary>
    Task<IReadOnlyList<WaitingPosts>> GetWaitingAsync(CancellationToken cancellationToken);

    /// <summary>Posts by state: alerts and reminders (a reminder counts once it is due), digests apart.</summary>
    Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken);
}
