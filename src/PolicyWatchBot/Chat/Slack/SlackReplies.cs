using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Sends answers after the acknowledgement: through the command's <c>response_url</c> (usable
/// a few times within 30 minutes), or, when that fails or is missing, as an ephemeral message
/// (<c>chat.postEphemeral</c>). The work runs in the background and is awaited on shutdown.
/// </summary>
internal sealed class SlackReplies(ISlackApi api, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SlackReplies> logger) : IAsyncDisposable
{
    private const int MaxProgressAnswers = 3;

    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public void SendLater(ReplyTarget target, IReadOnlyList<ResponseMessage> messages)
    {
        if (messages.Count > 0)
        {
            Track(SendAsync(target, messages, lifetime.ApplicationStopping));
        }
    }

    /// <summary>Sends the work's reply when it is done; after progress was shown, the reply replaces it.</summary>
    public void SendLater(ReplyTarget target, Task<ChatReply> work, ReplyProgress? progress = null) =>
        Track(SendWhenDoneAsync(target, work, progress));

    /// <summary>
    /// Progress of a long command, replacing the "working on it" answer through <c>response_url</c>; at
    /// most <see cref="MaxProgressAnswers"/> times, as a response_url takes only five answers.
    /// </summary>
    public ReplyProgress Progress(ReplyTarget target) =>
        new(reply => SendAsync(target, SlackReplyRenderer.Render(reply), replaceOriginal: true, ephemeralFallback: false, lifetime.ApplicationStopping), MaxProgressAnswers);

    private async Task SendWhenDoneAsync(ReplyTarget target, Task<ChatReply> work, ReplyProgress? progress)
    {
        var reply = await work;
        if (progress is not null)
        {
            await progress.Last;
        }

        await SendAsync(target, SlackReplyRenderer.Render(reply), replaceOriginal: progress?.Shown > 0, ephemeralFallback: true, lifetime.ApplicationStopping);
    }

    private Task SendAsync(ReplyTarget target, IReadOnlyList<ResponseMessage> messages, CancellationToken cancellationToken) =>
        SendAsync(target, messages, replaceOriginal: false, ephemeralFallback: true, cancellationToken);

    /// <param name="replaceOriginal">The first message replaces the answer shown before (a progress line).</param>
    /// <param name="ephemeralFallback">When the response_url fails, post an ephemeral message instead (not for progress).</param>
    private async Task SendAsync(ReplyTarget target, IReadOnlyList<ResponseMessage> messages, bool replaceOriginal, bool ephemeralFallback, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var result = target.ResponseUrl is { } url
                ? await api.RespondAsync(url, message with { ReplaceOriginal = replaceOriginal && i == 0 }, cancellationToken)
                : new SlackResult<bool>.Refused("no response_url");
            if (result is SlackResult<bool>.Ok)
            {
                continue;
            }

            if (!ephemeralFallback)
            {
                return;
            }

            // An ephemeral message reaches the caller even when the response_url has expired or is used up.
            var fallback = await api.PostEphemeralAsync(new PostEphemeralRequest(target.Channel.Channel, target.UserId, message.Text, message.Blocks), cancellationToken);
            if (fallback is not SlackResult<bool>.Ok)
            {
                logger.ReplyFailed(target.UserId, target.Channel.ToString(), $"response_url: {Describe(result)}; chat.postEphemeral: {Describe(fallback)}");
                return;
            }
        }
    }

    private static string Describe(SlackResult<bool> result) => result switch
    {
        SlackResult<bool>.Refused r => r.Error,
        SlackResult<bool>.RateLimited r => $"rate limited for {r.RetryAfter}",
        SlackResult<bool>.Unavailable r => r.Reason,
        _ => "ok",
    };

    private void Track(Task task)
    {
        _running[task] = true;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(10), time);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Shutting down: an answer still in flight is given up (the command itself has run).
        }
    }
}
