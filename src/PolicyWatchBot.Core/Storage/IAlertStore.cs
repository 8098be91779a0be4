using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Alerts, digests and acknowledgements.</summary>
public interface IAlertStore
{
    /// <summary>The alert with this public id in this channel, or null (an id of another channel is not found).</summary>
    Task<AlertRecord?> FindAlertAsync(long channelId, string alertId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a digest posting these alerts as one message, outside a poll (a mute's held alerts);
    /// the alerts become grouped and are delivered through it. Returns the digest's id.
    /// </summary>
    Task<string> AddDigestAsync(long channelId, AlertDigest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges an alert, or with a digest id every alert of that digest not acknowledged yet,
    /// audits it, and queues the update of the message that shows it (when it was sent already).
    /// </summary>
    Task<AcknowledgeResult> AcknowledgeAsync(long channelId, string id, Acknowledgement acknowledgement, CancellationToken cancellationToken);

    /// <summary>
    /// Records on an alert that its Mute rule / Mute feed button was pressed, and queues the update
    /// of its message when it was sent on its own; false when the channel has no such alert.
    /// </summary>
    Task<bool> RecordMuteNoticeAsync(long channelId, string alertId, MuteNotice notice, CancellationToken cancellationToken);

    Task<ChannelActivity> GetChannelActivityAsync(long channelId, CancellationToken cancellationToken);
}
