using Microsoft.Extensions.Logging;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>Discord adapter log lines (event ids 4000s). Ids and counts only: never a token or user text.</summary>
internal static partial class DiscordLog
{
    [LoggerMessage(4001, LogLevel.Debug, "Discord {Route}: {Status}")]
    public static partial void Called(this ILogger logger, string route, int status);

    [LoggerMessage(4002, LogLevel.Warning, "Discord {Route} rate limited; next call in {WaitMs} ms")]
    public static partial void RateLimited(this ILogger logger, string route, long waitMs);

    [LoggerMessage(4003, LogLevel.Error, "Discord refused the bot token (401) on {Route}; Discord posts are parked until PolicyWatch:Discord:BotToken is fixed")]
    public static partial void TokenRefused(this ILogger logger, string route);

    [LoggerMessage(4004, LogLevel.Warning, "Discord {Route} failed: {Reason}")]
    public static partial void CallFailed(this ILogger logger, string route, string reason);

    [LoggerMessage(4005, LogLevel.Warning, "Discord interaction refused: {Why}")]
    public static partial void InteractionRefused(this ILogger logger, string why);

    [LoggerMessage(4006, LogLevel.Debug, "Discord interaction {InteractionId} of type {Type} in {Channel}")]
    public static partial void InteractionReceived(this ILogger logger, string? interactionId, int type, string channel);

    [LoggerMessage(4007, LogLevel.Warning, "Discord interaction {InteractionId}: finishing the deferred answer failed: {Reason}")]
    public static partial void FollowUpFailed(this ILogger logger, string? interactionId, string reason);

    [LoggerMessage(4008, LogLevel.Error, "Discord interaction {InteractionId}: the command failed")]
    public static partial void CommandFailed(this ILogger logger, string? interactionId, Exception exception);

    [LoggerMessage(4009, LogLevel.Information, "Discord commands registered {Scope}: {Count} command(s)")]
    public static partial void CommandsRegistered(this ILogger logger, string scope, int count);

    [LoggerMessage(4010, LogLevel.Warning, "Discord has no access to channel {Channel}: {Reason}; its posts are parked until the bot is given access")]
    public static partial void ChannelRefused(this ILogger logger, string channel, string reason);

    [LoggerMessage(4021, LogLevel.Error, "Discord interaction {InteractionId} of type {Type}: answering it failed; the member was told nothing changed")]
    public static partial void InteractionFailed(this ILogger logger, string? interactionId, int type, Exception exception);

    [LoggerMessage(4025, LogLevel.Information, "The Discord thread parent of {PostId} is gone ({Reason}); posting it as the thread's new parent")]
    public static partial void ThreadParentGone(this ILogger logger, string postId, string reason);
}
