using Microsoft.Extensions.Logging;

namespace PolicyWatchBot.Delivery;

internal static partial class DispatcherLog
{
    [LoggerMessage(5001, LogLevel.Debug, "Delivered {AlertId} to {Channel}")]
    public static partial void Delivered(this ILogger logger, string alertId, string channel);

    [LoggerMessage(5002, LogLevel.Warning, "Delivery of {AlertId} to {Channel} failed (attempt {Attempt}): {Reason}; retrying at {RetryAt}")]
    public static partial void WillRetry(this ILogger logger, string alertId, string channel, int attempt, string reason, DateTimeOffset retryAt);

    [LoggerMessage(5003, LogLevel.Error, "Alert {AlertId} to {Channel} cannot be delivered: {Reason}")]
    public static partial void Undeliverable(this ILogger logger, string alertId, string channel, string reason);

    [LoggerMessage(5004, LogLevel.Error, "The dispatcher loop failed; it goes on after a pause")]
    public static partial void LoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5005, LogLevel.Warning, "Sending {AlertId} threw")]
    public static partial void SinkThrew(this ILogger logger, string alertId, Exception exception);
}
