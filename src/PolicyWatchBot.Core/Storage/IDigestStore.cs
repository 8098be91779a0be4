using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Digests;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Digest mode: channels whose non-urgent alerts are held for a scheduled digest.</summary>
public interface IDigestStore
{
    /// <summary>
    /// Puts the channel in digest mode on that schedule with its next digest at <paramref name="nextDigestAt"/>,
    /// or with null back in live mode; returns the schedule before. Audited when it changes.
    /// </summary>
    Task<DigestSchedule?> SetDigestScheduleAsync(long channelId, DigestSchedule? schedule, DateTimeOffset? nextDigestAt, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's flood threshold, digest schedule and next digest time.</summary>
    Task<ChannelSettings> GetChannelSettingsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>The channels in digest mode whose next digest is due at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DueDigest>> GetDueDigestsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the next digest of any channel is due, or null when no channel is in digest mode.</summary>
    Task<DateTimeOffset?> GetNextDigestAtAsync(CancellationToken cancellationToken);

    /// <summary>The channel's alerts held for its digest, oldest first.</summary>
    Task<IReadOnlyList<AlertRecord>> GetDigestHeldAlertsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>
    /// Posts the channel's held alerts as one digest (by feed, then rule) and sets its next digest
    /// time, in one transaction and once: with <paramref name="dueAt"/>, nothing happens unless the
    /// channel's next digest is still that time (another worker, or a retry, did it). Returns the
    /// digest's id, or null when nothing was held or it was done already.
    /// </summary>
    Task<string?> ReleaseDigestAsync(long channelId, DateTimeOffset? dueAt, DateTimeOffset? nextDigestAt, CancellationToken cancellationToken);
}
