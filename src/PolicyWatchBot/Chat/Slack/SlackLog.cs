using Microsoft.Extensions.Logging;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>The Slack adapter's log lines (event ids 3000s). Never a token, secret or response_url.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(3001, LogLevel.Error, "Slack refused {Method} ({Error}): every Slack alert is parked until PolicyWatch:Slack:BotToken is fixed (a new token, or a reinstall of the app from its manifest); they are delivered once it works")]
    public static partial void TokenRefused(this ILogger logger, string method, string error);

    [LoggerMessage(3002, LogLevel.Warning, "Slack channel {Channel} refused the bot ({Error}); its alerts are parked until someone invites the bot (/invite @PolicyWatch)")]
    public static partial void NotInChannel(this ILogger logger, string channel, string error);

    [LoggerMessage(3003, LogLevel.Warning, "Slack channel {Channel} is gone ({Error}); its alerts are marked failed and listed in status")]
    public static partial void ChannelGone(this ILogger logger, string channel, string error);

    [LoggerMessage(3004, LogLevel.Warning, "Slack refused the blocks of {PostId} ({Error}); sending it as plain text instead")]
    public static partial void BlocksRefused(this ILogger logger, string postId, string error);

    [LoggerMessage(3005, LogLevel.Information, "{PostId} is already in {Channel} (ts {Ts}) from an earlier try; not posted again")]
    public static partial void AlreadyPosted(this ILogger logger, string postId, string channel, string ts);

    [LoggerMessage(3006, LogLevel.Information, "The Slack message of {PostId} can no longer be updated ({Error}); left as it was")]
    public static partial void UpdateTargetGone(this ILogger logger, string postId, string error);

    [LoggerMessage(3007, LogLevel.Warning, "Slack refused {PostId} for {Channel} on {Method} ({Error}); marked failed")]
    public static partial void PostRefused(this ILogger logger, string postId, string channel, string method, string error);

    [LoggerMessage(3008, LogLevel.Warning, "Refused a request to {Path} from {Remote}: {Reason}")]
    public static partial void RequestRefused(this ILogger logger, string path, string? remote, string reason);

    [LoggerMessage(3009, LogLevel.Warning, "Could not deliver the answer to a Slack command by {UserId} in {Channel}: {Reason}")]
    public static partial void ReplyFailed(this ILogger logger, string userId, string channel, string reason);

    [LoggerMessage(3010, LogLevel.Error, "A Slack command by {UserId} in {Channel} failed")]
    public static partial void CommandFailed(this ILogger logger, string userId, string channel, Exception exception);

    [LoggerMessage(3011, LogLevel.Information, "Slack Socket Mode connected (app {AppId})")]
    public static partial void SocketConnected(this ILogger logger, string? appId);

    [LoggerMessage(3012, LogLevel.Information, "Slack asked the Socket Mode connection to close ({Reason}); reconnecting")]
    public static partial void SocketRefresh(this ILogger logger, string? reason);

    [LoggerMessage(3013, LogLevel.Warning, "Slack Socket Mode connection failed or dropped ({Reason}); reconnecting in {Delay}")]
    public static partial void SocketDropped(this ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(3014, LogLevel.Error, "Slack disabled Socket Mode for this app (link_disabled): /policywatch and the buttons stop working until Socket Mode is turned on again in the app settings and the worker restarted")]
    public static partial void SocketDisabled(this ILogger logger);

    [LoggerMessage(3015, LogLevel.Error, "Slack refused the app-level token on apps.connections.open ({Error}): fix PolicyWatch:Slack:AppToken (scope connections:write); trying again in {Delay}")]
    public static partial void AppTokenRefused(this ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(3016, LogLevel.Information, "Slack bot token works: bot user {UserId} in workspace {Team} ({TeamId})")]
    public static partial void TokenWorks(this ILogger logger, string? userId, string? team, string? teamId);

    [LoggerMessage(3017, LogLevel.Warning, "Could not check the Slack bot token at start: {Reason}; alerts wait in the outbox until Slack answers")]
    public static partial void TokenCheckFailed(this ILogger logger, string reason);

    [LoggerMessage(3018, LogLevel.Debug, "Slack sent a {Type} interaction PolicyWatch does not handle (action {ActionId}); acknowledged")]
    public static partial void InteractionIgnored(this ILogger logger, string? type, string? actionId);

    [LoggerMessage(3021, LogLevel.Error, "Slack interaction of type {Type}: handling it failed; acknowledged without a change")]
    public static partial void InteractionFailed(this ILogger logger, string? type, Exception exception);

    [LoggerMessage(3025, LogLevel.Information, "The Slack thread parent of {PostId} is gone ({Error}); posting it as the thread's new parent")]
    public static partial void ThreadParentGone(this ILogger logger, string postId, string error);
}
