using Microsoft.Extensions.Logging;

namespace PolicyWatchBot.Delivery;

internal static partial class DispatcherLog
{
    [LoggerMessage(5001, LogLevel.Debug, "Delivered {AlertId} to {Channel}")]
    public static partial void Delivered(this ILogger logger, string alertId, string channel);

    [LoggerMessage(5002, LogLevel.Warning, "Delivery of {AlertId} to {Channel} failed (attempt {Attempt}): {Reason}; retrying at {RetryAt:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void WillRetry(this ILogger logger, string alertId, string channel, int attempt, string reason, DateTimeOffset retryAt);

    [LoggerMessage(5003, LogLevel.Error, "Alert {AlertId} to {Channel} cannot be delivered: {Reason}")]
    public static partial void Undeliverable(this ILogger logger, string alertId, string channel, string reason);

    [LoggerMessage(5004, LogLevel.Error, "The dispatcher loop failed; it goes on after a pause")]
    public static partial void LoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5005, LogLevel.Warning, "Sending {AlertId} threw")]
    public static partial void SinkThrew(this ILogger logger, string alertId, Exception exception);

    [LoggerMessage(5006, LogLevel.Debug, "{AlertId} to {Channel} waits ({Reason}); due again in {After}")]
    public static partial void Deferred(this ILogger logger, string alertId, string channel, string reason, TimeSpan after);

    [LoggerMessage(5007, LogLevel.Error, "Every {Platform} post is parked ({Count} now): {Reason}. Nothing is lost: they are tried again at {ProbeAt:yyyy-MM-ddTHH:mm:ssZ} and go out as soon as one gets through. Fix the {Platform} credentials.")]
    public static partial void PlatformParked(this ILogger logger, string platform, int count, string reason, DateTimeOffset probeAt);

    [LoggerMessage(5008, LogLevel.Warning, "Posts to {Channel} are parked ({Count} now): {Reason}. They are tried again at {ProbeAt:yyyy-MM-ddTHH:mm:ssZ}, and at once when a command is used in that channel.")]
    public static partial void ChannelParked(this ILogger logger, string channel, int count, string reason, DateTimeOffset probeAt);

    [LoggerMessage(5009, LogLevel.Information, "Parked {Platform} posts resume: a post to {Channel} got through")]
    public static partial void Resumed(this ILogger logger, string platform, string channel);

    [LoggerMessage(5010, LogLevel.Error, "{Channel} cannot receive posts ({Reason}); {Count} more waiting for it failed with it")]
    public static partial void ChannelFailed(this ILogger logger, string channel, int count, string reason);

    [LoggerMessage(5011, LogLevel.Warning, "Stopping, the dispatcher could not give back its claimed posts; they are taken again when their lease ends")]
    public static partial void ClaimsNotReleased(this ILogger logger, Exception exception);
}
