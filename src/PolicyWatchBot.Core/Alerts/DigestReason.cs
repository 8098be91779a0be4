namespace PolicyWatchBot.Core.Alerts;

/// <summary>Why several alerts were posted as one message.</summary>
public enum DigestReason
{
    /// <summary>One poll brought more than <see cref="AlertDigest.FloodThreshold"/> alerts for the channel.</summary>
    Flood,

    /// <summary>A mute ended; these are the alerts it held back.</summary>
    MuteEnded,

    /// <summary>The channel's digest: the alerts held since the last one, by feed, then rule.</summary>
    Scheduled,
}
