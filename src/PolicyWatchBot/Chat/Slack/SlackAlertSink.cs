using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Posts alerts and digests to Slack channels (<c>chat.postMessage</c>, Block Kit) and updates them
/// (<c>chat.update</c>) when acknowledged or muted. Each channel is paced; Slack's answers become
/// delivery outcomes (see <see cref="SlackOutcomes"/>). A post carries its id in message metadata,
/// and a post tried before is first looked for in the channel's history, so an unknown outcome
/// never makes a duplicate. A later revision goes in the thread of its action's first alert
/// (<c>thread_ts</c>; with <c>reply_broadcast</c> for Published and Withdrawn, so the channel sees the
/// stage change); when that parent's message is gone, the reply is posted as the thread's new parent.
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
        var threadTs = entry.ReplyTo?.ParentMessageId;
        var startedThread = entry.ReplyTo is not null && threadTs is null;
        if (entry.Attempts > 1)
        {
            var earlier = threadTs is null
                ? await api.GetHistoryAsync(channel, HistoryDepth, cancellationToken)
                : await api.GetRepliesAsync(channel, threadTs, HistoryDepth, cancellationToken);
            switch (earlier)
            {
                case SlackResult<IReadOnlyList<HistoryMessage>>.Ok history:
                    if (history.Value.FirstOrDefault(m => IsPostOf(m, postId)) is { Ts: { } ts })
                    {
                        logger.AlreadyPosted(postId, entry.Channel.ToString(), ts);
                        return new DeliveryOutcome.Sent(ts, startedThread);
                    }

                    break;
                case SlackResult<IReadOnlyList<HistoryMessage>>.Refused { Error: "thread_not_found" }:
                    threadTs = null;
                    startedThread = true;
                    break;
                case var failed:
                    return outcomes.From(failed, entry, threadTs is null ? "conversations.history" : "conversations.replies");
            }
        }

        var metadata = new MessageMetadata(MetadataEventType, new MetadataPayload(postId));
        var result = await PostRenderedAsync(entry, channel, threadTs, metadata, cancellationToken);
        if (threadTs is not null && result is SlackResult<string>.Refused { Error: var error } && IsParentGone(error))
        {
            logger.ThreadParentGone(postId, error);
            startedThread = true;
            result = await PostRenderedAsync(entry, channel, null, metadata, cancellationToken);
        }

        return result is SlackResult<string>.Ok ok ? new DeliveryOutcome.Sent(ok.Value, startedThread) : outcomes.From(result, entry, "chat.postMessage");
    }

    /// <summary>Slack's answers to a reply whose parent message was deleted or never existed.</summary>
    public static bool IsParentGone(string error) => error is "thread_not_found" or "invalid_thread_ts" or "message_not_found";

    private async Task<SlackResult<string>> PostRenderedAsync(OutboxEntry entry, string channel, string? threadTs, MessageMetadata metadata, CancellationToken cancellationToken)
    {
        var broadcast = threadTs is not null && entry.Post is AlertMessage { Kind: RevisionKind.Published or RevisionKind.Withdrawn } ? true : (bool?)null;
        var result = await PostAsync(channel, UnrenderablePostException.Render(entry.Post, SlackPostRenderer.Render), metadata, threadTs, broadcast, cancellationToken);
        if (result is SlackResult<string>.Refused refused && SlackOutcomes.IsBlocksRefusal(refused.Error))
        {
            logger.BlocksRefused(entry.Post.PostId, refused.Error);
            result = await PostAsync(channel, UnrenderablePostException.Render(entry.Post, SlackPostRenderer.RenderPlain), metadata, threadTs, broadcast, cancellationToken);
        }

        return result;
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
        var result = await UpdateAsync(channel, ts, UnrenderablePostException.Render(entry.Post, SlackPostRenderer.Render), cancellationToken);
        if (result is SlackResult<bool>.Refused refused && SlackOutcomes.IsBlocksRefusal(refused.Error))
        {
            logger.BlocksRefused(entry.Post.PostId, refused.Error);
            result = await UpdateAsync(channel, ts, UnrenderablePostException.Render(entry.Post, SlackPostRenderer.RenderPlain), cancellationToken);
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

    private async Task<SlackResult<string>> PostAsync(
        string channel, SlackMessage message, MessageMetadata metadata, string? threadTs, bool? broadcast, CancellationToken cancellationToken)
    {
        var request = new PostMessageRequest(channel, message.Text, message.Blocks, metadata) { ThreadTs = threadTs, ReplyBroadcast = broadcast };
        return await pacer.PacedAsync(channel, () => api.PostMessageAsync(request, cancellationToken), cancellationToken);
    }

    private async Task<SlackResult<bool>> UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        return await pacer.PacedAsync(channel,
            () => api.UpdateMessageAsync(new UpdateMessageRequest(channel, ts, message.Text, message.Blocks), cancellationToken), cancellationToken);
    }

    private static bool IsPostOf(HistoryMessage message, string postId) =>
        message.Metadata is { EventType: MetadataEventType } metadata && metadata.EventPayload?.PostId == postId;
}
