namespace PolicyWatchBot.Core.Commands;

/// <summary>The buttons on an alert message (docs/commands.md) and the one on a grouped message.</summary>
public enum AlertAction
{
    /// <summary>Acknowledge one alert (<c>PW-</c> id).</summary>
    Acknowledge,

    /// <summary>Mute every rule that matched the alert for 24h (<c>PW-</c> id).</summary>
    MuteRule,

    /// <summary>Mute the alert's feed for 24h (<c>PW-</c> id).</summary>
    MuteFeed,

    /// <summary>Acknowledge every alert of a grouped message (<c>PWG-</c> digest id).</summary>
    AcknowledgeAll,
}
