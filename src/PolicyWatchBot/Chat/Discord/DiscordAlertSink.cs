using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Posts alerts and digests to Discord channels and edits them when acknowledged or muted. Every
/// send carries the post id as its <c>nonce</c> with <c>enforce_nonce</c>, so a retry after a lost
/// answer returns the message already posted instead of posting it twice. A later revision is a
/// reply to its thread's parent alert (<c>message_reference</c>); when that message is gone, the
/// reply is posted as the thread's new parent.
/// </summary>
internal sealed class DiscordAlertSink(IDiscordApi api, ILogger<DiscordAlertSink> logger) : IAlertSink
{
    public const string PlatformName = "discord";

    public string Platform => PlatformName;

    public async Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parent = entry.ReplyTo?.ParentMessageId;
        var startedThread = entry.ReplyTo is not null && parent is null;
        var result = await CreateAsync(entry, parent, cancellationToken);
        if (parent is not null && IsParentGone(result))
        {
            logger.ThreadParentGone(entry.Post.PostId, result.Reason);
            startedThread = true;
            result = await CreateAsync(entry, null, cancellationToken);
        }

        return result.IsOk && result.MessageId is null
            ? new DeliveryOutcome.Retry("Discord accepted the message but sent no message id")
            : Outcome(entry, result, isUpdate: false, startedThread);
    }

    /// <summary>A reply refused because the message it answers is gone (deleted, or its reference refused).</summary>
    private static bool IsParentGone(DiscordCallResult result) =>
        result.Status == DiscordCallStatus.Rejected || (result.Status == DiscordCallStatus.NotFound && result.ErrorCode != DiscordCallResult.UnknownChannel);

    private Task<DiscordCallResult> CreateAsync(OutboxEntry entry, string? replyTo, CancellationToken cancellationToken)
    {
        var rendered = UnrenderablePostException.Render(entry.Post, DiscordPostRenderer.Render);
        var message = new DiscordWire.Message
        {
            Content = rendered.Content,
            Embeds = rendered.Embeds,
            Components = rendered.Components,
            AllowedMentions = new DiscordWire.AllowedMentions
            {
                Roles = rendered.AllowedMentions.Roles,
                Users = rendered.AllowedMentions.Users,
                RepliedUser = replyTo is null ? null : false,
            },
            Nonce = entry.Post.PostId,
            EnforceNonce = true,
            MessageReference = replyTo is null ? null : new DiscordWire.MessageReference { MessageId = replyTo },
        };
        return api.CreateMessageAsync(entry.Channel.Channel, message, cancellationToken);
    }

    public async Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.PlatformMessageId))
        {
            return new DeliveryOutcome.Failed("no Discord message id recorded for this post, so it cannot be edited");
        }

        var result = await api.EditMessageAsync(entry.Channel.Channel, entry.PlatformMessageId, UnrenderablePostException.Render(entry.Post, DiscordPostRenderer.Render), cancellationToken);
        return Outcome(entry, result, isUpdate: true, startedThread: false);
    }

    private DeliveryOutcome Outcome(OutboxEntry entry, DiscordCallResult result, bool isUpdate, bool startedThread)
    {
        var reason = result.Reason;
        switch (result.Status)
        {
            case DiscordCallStatus.Ok:
                return new DeliveryOutcome.Sent(isUpdate ? entry.PlatformMessageId : result.MessageId, startedThread);
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
