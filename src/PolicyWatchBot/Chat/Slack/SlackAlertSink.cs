using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Posts alerts and digests to Slack channels (<c>chat.postMessage</c>, Block Kit) and updates them
/// (<c>chat.update</c>) when acknowledged or muted. Each channel is paced; Slack's answers become
/// delivery outcomes (see <see cref="SlackOutcomes"/>). A post carries its id in message metadata,
/// and a post tried before is first looked for in the channel's history, so an unknown outcome
/// never makes a duplicate.
/// </summary>
internal sealed class SlackAlertSink(
    ISlackApi api,
    SlackChannelPacer pacer,
    SlackOutcomes outcomes,
    ILogger<SlackAlertSink> logger) : IAlertSink
{
    /// <summary>The metadata event type of every post (its payload holds the post id).</summary>
    public const string MetadataEventType = "policywatch_post";

    /// <summary>How many recent messages of the channel are searched for an earlier try.</summary>
    public const int HistoryDepth = 200;

    public string Platform => ManagerPolicy.SlackPlatform;

    public async Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (outcomes.HeldForToken() is { } held)
        {
            return held;
        }

        var channel = entry.Channel.Channel;
        var postId = entry.Post.PostId;
        if (entry.Attempts > 1)
        {
            switch (await api.GetHistoryAsync(channel, HistoryDepth, cancellationToken))
            {
                case SlackResult<IReadOnlyList<HistoryMessage>>.Ok history:
                    if (history.Value.FirstOrDefault(m => IsPostOf(m, postId)) is { Ts: { } ts })
                    {
                        logger.AlreadyPosted(postId, entry.Channel.ToString(), ts);
                        return new DeliveryOutcome.Sent(ts);
                    }

                    break;
                case var failed:
                    return outcomes.From(failed, entry, "conversations.history");
            }
        }

        var metadata = new MessageMetadata(MetadataEventType, new MetadataPayload(postId));
        var result = await PostAsync(channel, SlackPostRenderer.Render(entry.Post), metadata, cancellationToken);
        if (result is SlackResult<string>.Refused refused && SlackOutcomes.IsBlocksRefusal(refused.Error))
        {
            logger.BlocksRefused(postId, refused.Error);
            result = await PostAsync(channel, SlackPostRenderer.RenderPlain(entry.Post), metadata, cancellationToken);
        }

        return result is SlackResult<string>.Ok ok ? new DeliveryOutcome.Sent(ok.Value) : outcomes.From(result, entry, "chat.postMessage");
    }

    public async Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (outcomes.HeldForToken() is { } held)
        {
            return held;
        }

        if (entry.PlatformMessageId is not { } ts)
        {
            return new DeliveryOutcome.Failed("no Slack message recorded for this post; nothing to update");
        }

        var channel = entry.Channel.Channel;
        var result = await UpdateAsync(channel, ts, SlackPostRenderer.Render(entry.Post), cancellationToken);
        if (result is SlackResult<bool>.Refused refused && SlackOutcomes.IsBlocksRefusal(refused.Error))
        {
            logger.BlocksRefused(entry.Post.PostId, refused.Error);
            result = await UpdateAsync(channel, ts, SlackPostRenderer.RenderPlain(entry.Post), cancellationToken);
        }

        if (result is SlackResult<bool>.Refused { Error: "message_not_found" or "cant_update_message" or "edit_window_closed" } gone)
        {
            // Posting the whole alert again only to show an acknowledgement would be noise; the
            // acknowledgement is recorded and shown by status and ack.
            logger.UpdateTargetGone(entry.Post.PostId, gone.Error);
            return new DeliveryOutcome.Failed($"the Slack message can no longer be updated ({gone.Error}); left as it was");
        }

        return result is SlackResult<bool>.Ok ? new DeliveryOutcome.Sent(ts) : outcomes.From(result, entry, "chat.update");
    }

    private async Task<SlackResult<string>> PostAsync(string channel, SlackMessage message, MessageMetadata metadata, CancellationToken cancellationToken)
    {
        return await pacer.PacedAsync(channel,
            () => api.PostMessageAsync(new PostMessageRequest(channel, message.Text, message.Blocks, metadata), cancellationToken), cancellationToken);
    }

    private async Task<SlackResult<bool>> UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        return await pacer.PacedAsync(channel,
            () => api.UpdateMessageAsync(new UpdateMessageRequest(channel, ts, message.Text, message.Blocks), cancellationToken), cancellationToken);
    }

    private static bool IsPostOf(HistoryMessage message, string postId) =>
        message.Metadata is { EventType: MetadataEventType } metadata && metadata.EventPayload?.PostId == postId;
}
