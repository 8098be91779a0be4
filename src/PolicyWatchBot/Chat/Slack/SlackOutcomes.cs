using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Maps Slack's answers to delivery outcomes, and remembers a refused token for a while so every
/// channel's posts are parked without calling Slack again.
/// </summary>
internal sealed class SlackOutcomes(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackOutcomes> logger)
{
    private readonly Lock _gate = new();
    private (DateTimeOffset At, string Reason)? _tokenRefused;

    public static bool IsBlocksRefusal(string error) =>
        error is "msg_blocks_too_long" or "invalid_blocks" or "invalid_blocks_format" or "msg_too_long";

    /// <summary>Parked, while the bot token was refused less than <c>RefusalHold</c> ago.</summary>
    public DeliveryOutcome? HeldForToken()
    {
        lock (_gate)
        {
            return _tokenRefused is { } refused && time.GetUtcNow() - refused.At < options.Value.RefusalHold
                ? new DeliveryOutcome.Parked(refused.Reason, ParkScope.Platform)
                : null;
        }
    }

    public DeliveryOutcome From<T>(SlackResult<T> result, OutboxEntry entry, string method)
    {
        var channel = entry.Channel.ToString();
        switch (result)
        {
            case SlackResult<T>.RateLimited limited:
                return new DeliveryOutcome.Deferred($"Slack rate limit on {method} (429)", limited.RetryAfter);
            case SlackResult<T>.Unavailable unavailable:
                return new DeliveryOutcome.Retry(unavailable.Reason);
            case SlackResult<T>.Refused { Error: "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" or "account_inactive" or "missing_scope" or "team_access_not_granted" } refused:
                var reason = refused.Error == "missing_scope"
                    ? $"Slack refused {method}: the app lacks a scope (missing_scope); reinstall it from deploy/slack-app-manifest.yaml"
                    : $"Slack refused the bot token ({refused.Error}); fix PolicyWatch:Slack:BotToken";
                lock (_gate)
                {
                    _tokenRefused = (time.GetUtcNow(), reason);
                }

                logger.TokenRefused(method, refused.Error);
                return new DeliveryOutcome.Parked(reason, ParkScope.Platform);
            case SlackResult<T>.Refused { Error: "not_in_channel" or "restricted_action" } refused:
                logger.NotInChannel(channel, refused.Error);
                return new DeliveryOutcome.Parked(refused.Error == "not_in_channel"
                    ? "the bot is not in this Slack channel; invite it with /invite @PolicyWatch"
                    : "this Slack workspace does not let the bot post in this channel (restricted_action)", ParkScope.Channel);
            case SlackResult<T>.Refused { Error: "channel_not_found" or "is_archived" } refused:
                logger.ChannelGone(channel, refused.Error);
                return new DeliveryOutcome.Failed(refused.Error == "is_archived"
                    ? "the Slack channel is archived (is_archived)"
                    : "the Slack channel does not exist or the bot cannot see it (channel_not_found)", WholeChannel: true);
            case SlackResult<T>.Refused { Error: "ratelimited" or "rate_limited" } refused:
                return new DeliveryOutcome.Deferred($"Slack rate limit on {method} ({refused.Error})", TimeSpan.FromSeconds(30));
            case SlackResult<T>.Refused { Error: "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" } refused:
                return new DeliveryOutcome.Retry($"Slack failed on {method} ({refused.Error})");
            case SlackResult<T>.Refused refused:
                logger.PostRefused(entry.Post.PostId, channel, method, refused.Error);
                return new DeliveryOutcome.Failed($"Slack refused {method} ({refused.Error})");
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "an Ok result is not a failure");
        }
    }
}
