namespace PolicyWatchBot.Chat.Slack;

/// <summary>The few Slack Web API calls the adapter makes, and posts to a <c>response_url</c>.</summary>
internal interface ISlackApi
{
    /// <summary><c>chat.postMessage</c> with the bot token; the message's <c>ts</c>.</summary>
    Task<SlackResult<string>> PostMessageAsync(PostMessageRequest request, CancellationToken cancellationToken);

    /// <summary><c>chat.update</c> of a message the bot posted.</summary>
    Task<SlackResult<bool>> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken);

    /// <summary><c>chat.postEphemeral</c>: a message only one user of the channel sees.</summary>
    Task<SlackResult<bool>> PostEphemeralAsync(PostEphemeralRequest request, CancellationToken cancellationToken);

    /// <summary><c>conversations.history</c> with metadata: the channel's latest messages, newest first.</summary>
    Task<SlackResult<IReadOnlyList<HistoryMessage>>> GetHistoryAsync(string channel, int limit, CancellationToken cancellationToken);

    /// <summary><c>conversations.replies</c> with metadata: a thread's parent and its replies, oldest first.</summary>
    Task<SlackResult<IReadOnlyList<HistoryMessage>>> GetRepliesAsync(string channel, string threadTs, int limit, CancellationToken cancellationToken);

    /// <summary><c>auth.test</c>: who the bot token belongs to.</summary>
    Task<SlackResult<AuthTestResponse>> TestAuthAsync(CancellationToken cancellationToken);

    /// <summary><c>apps.connections.open</c> with the app-level token: a one-time Socket Mode URL.</summary>
    Task<SlackResult<Uri>> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Posts a message to a command's or interaction's <c>response_url</c> (no token; the URL is the secret).</summary>
    Task<SlackResult<bool>> RespondAsync(Uri responseUrl, ResponseMessage message, CancellationToken cancellationToken);
}
