using System.Globalization;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// The outcome of one Discord REST call: the status, the created message's id, how long a rate
/// limit says to wait, and Discord's JSON error code and message (<c>50013 Missing Permissions</c>).
/// </summary>
internal sealed record DiscordCallResult(
    DiscordCallStatus Status,
    int HttpStatus,
    string? MessageId = null,
    TimeSpan? RetryAfter = null,
    int? ErrorCode = null,
    string? ErrorMessage = null)
{
    /// <summary>Discord's JSON error code for an unknown channel.</summary>
    public const int UnknownChannel = 10003;

    public bool IsOk => Status == DiscordCallStatus.Ok;

    /// <summary>One line for the outbox and status: <c>Discord answered 403 Missing Permissions (code 50013)</c>.</summary>
    public string Reason => Status switch
    {
        DiscordCallStatus.Ok => "sent",
        DiscordCallStatus.Unreachable => "Discord did not answer: " + (ErrorMessage ?? "no response"),
        DiscordCallStatus.RateLimited when HttpStatus == 0 => $"Discord rate limit: waiting {Seconds(RetryAfter)} s before calling again",
        DiscordCallStatus.RateLimited => $"Discord answered 429 (rate limited); retry after {Seconds(RetryAfter)} s",
        _ => $"Discord answered {HttpStatus.ToString(CultureInfo.InvariantCulture)} {ErrorMessage ?? Status.ToString()}"
             + (ErrorCode is { } code ? $" (code {code.ToString(CultureInfo.InvariantCulture)})" : ""),
    };

    public static DiscordCallResult Ok(string? messageId = null) => new(DiscordCallStatus.Ok, 200, messageId);

    public static DiscordCallResult Unreachable(string why) => new(DiscordCallStatus.Unreachable, 0, ErrorMessage: why);

    /// <summary>A known rate limit not yet over: the call was not made.</summary>
    public static DiscordCallResult WaitFirst(TimeSpan wait) => new(DiscordCallStatus.RateLimited, 0, RetryAfter: wait);

    private static string Seconds(TimeSpan? span) => (span ?? TimeSpan.Zero).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
