namespace PolicyWatchBot.Core.Storage;

/// <summary>Where an alert stands in the outbox.</summary>
public enum AlertStatus
{
    /// <summary>Waiting to be delivered (or retried).</summary>
    Pending,

    Sent,

    /// <summary>Never deliverable (channel deleted or archived); kept and listed in status.</summary>
    Failed,

    /// <summary>Waiting for the platform to work again (revoked token, bot removed from the channel).</summary>
    Parked,

    /// <summary>Held back by a mute; offered in one summary when the mute ends.</summary>
    Muted,

    /// <summary>Posted inside a digest (flood control, or a mute's summary); see <see cref="AlertRecord.DigestId"/>.</summary>
    Grouped,

    /// <summary>Held for the channel's next digest (digest mode); posted inside it.</summary>
    Digest,
}
