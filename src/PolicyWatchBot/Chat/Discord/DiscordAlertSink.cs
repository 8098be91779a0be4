using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Posts alerts and digests to Discord channels and edits them when acknowledged or muted. Every
/// send carries the post id as its <c>nonce</c> with <c>enforce_nonce</c>, so a retry after a lost
/// answer returns the message already posted instead of posting it twice.
/// </summary>
internal sealed class DiscordAlertSink(IDiscordApi api, ILogger<DiscordAlertSink> logger) : IAlertSink
{
    public const string PlatformName = "discord";

    public string Platform => PlatformName;

    public async Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rendered = DiscordPostRenderer.Render(entry.Post);
        var message = new DiscordWire.Message
        {
            Embeds = rendered.Embeds,
            Components = rendered.Components,
            Nonce = entry.Post.PostId,
            EnforceNonce = true,
        };
        var result = await api.CreateMessageAsync(entry.Channel.Channel, message, cancellationToken);
        return result.IsOk && result.MessageId is null
            ? new DeliveryOutcome.Retry("Discord accepted the message but sent no message id")
            : Outcome(entry, result, isUpdate: false);
    }

    public async Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.PlatformMessageId))
        {
            return new DeliveryOutcome.Failed("no Discord message id recorded for this post, so it cannot be edited");
        }

        var result = await api.EditMessageAsync(entry.Channel.Channel, entry.PlatformMessageId, DiscordPostRenderer.Render(entry.Post), cancellationToken);
        return Outcome(entry, result, isUpdate: true);
    }

    private DeliveryOutcome Outcome(OutboxEntry entry, DiscordCallResult result, bool isUpdate)
    {
        var reason = result.Reason;
        switch (result.Status)
        {
            case DiscordCallStatus.Ok:
                return new DeliveryOutcome.Sent(isUpdate ? entry.PlatformMessageId : result.MessageId);
            case DiscordCallStatus.RateLimited:
                return new DeliveryOutcome.Deferred(reason, result.RetryAfter ?? TimeSpan.FromSeconds(1));
            case DiscordCallStatus.Unauthorized:
                return new DeliveryOutcome.Parked($"{reason}: the bot token is not valid; fix PolicyWatch:Discord:BotToken", ParkScope.Platform);
            case DiscordCallStatus.Forbidden:
                // Someone can give the bot access again (invite it, grant View Channel, Send Messages
                // and Embed Links), so the channel's posts wait rather than fail.
                logger.ChannelRefused(entry.Channel.ToString(), reason);
                return new DeliveryOutcome.Parked($"{reason}: the bot cannot post in this channel; give it View Channel, Send Messages and Embed Links there", ParkScope.Channel);
            case DiscordCallStatus.NotFound when isUpdate && result.ErrorCode != DiscordCallResult.UnknownChannel:
                return new DeliveryOutcome.Failed($"{reason}: the alert's message was deleted, so it cannot be edited");
            case DiscordCallStatus.NotFound:
                return new DeliveryOutcome.Failed($"{reason}: the channel is gone", WholeChannel: true);
            case DiscordCallStatus.Rejected:
                return new DeliveryOutcome.Failed(reason);
            default:
                return new DeliveryOutcome.Retry(reason);
        }
    }
}
