using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat;

internal static partial class ChatLog
{
    [LoggerMessage(7001, LogLevel.Information, "Command {Verb} by {UserId} in {Channel}: {Outcome}")]
    public static partial void Handled(this ILogger logger, string verb, string userId, string channel, ReplyOutcome outcome);

    [LoggerMessage(7002, LogLevel.Information, "Command {Verb} by {UserId} in {Channel} refused: not a manager")]
    public static partial void Refused(this ILogger logger, string verb, string userId, string channel);
}
