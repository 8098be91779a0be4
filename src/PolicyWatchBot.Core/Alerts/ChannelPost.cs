using System.Text.Json.Serialization;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Something the bot posts into a channel through the outbox: one alert (<see cref="AlertMessage"/>)
/// or one message listing several (<see cref="AlertDigest"/>).
/// </summary>
public abstract record ChannelPost
{
    /// <summary>The id people see and type: <c>PW-3F9K</c> for an alert, <c>PWG-3F9K</c> for a digest.</summary>
    [JsonIgnore]
    public abstract string PostId { get; }
}
