namespace PolicyWatchBot.Chat.Discord;

/// <summary>How a Discord REST call ended, in the terms delivery and the interaction handler act on.</summary>
internal enum DiscordCallStatus
{
    Ok,

    /// <summary>429, or a known rate limit that would need a longer wait than the caller waits inline (no call made).</summary>
    RateLimited,

    /// <summary>401: the bot token is not valid (or one was refused less than a hold ago: no call made).</summary>
    Unauthorized,

    /// <summary>403: no access to the channel or a permission missing.</summary>
    Forbidden,

    /// <summary>404: unknown channel, message or webhook.</summary>
    NotFound,

    /// <summary>Another 4xx: Discord will never take this request as it is.</summary>
    Rejected,

    /// <summary>5xx: Discord's trouble, worth trying again.</summary>
    ServerError,

    /// <summary>No answer: timeout, connection refused or reset.</summary>
    Unreachable,
}
