using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// What is sent after an interaction's HTTP answer: the rest of a reply longer than one message,
/// and the reply to a command that was answered "thinking…" (type 5), through the interaction's
/// webhook (valid 15 minutes). Runs in the background until the host stops; failures are logged.
/// </summary>
internal sealed class DiscordFollowUps(IDiscordApi api, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<DiscordFollowUps> logger)
{
    private const int MaxProgressEdits = 20;

    /// <summary>A webhook 429 shorter than this is waited once; a longer one gives up (the token has 15 minutes, the user less patience).</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    /// <summary>Cancelled when the host stops: commands outlive their HTTP request, not the process.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>Starts the work in the background (call it once the HTTP answer is sent).</summary>
    public void Start(string? interactionId, Func<CancellationToken, Task> work) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await work(Stopping);
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                // Shutting down: the interaction token runs out on its own.
            }
            catch (Exception ex)
            {
                logger.CommandFailed(interactionId, ex);
            }
        });

    /// <summary>Posts these messages as follow-ups, in order.</summary>
    public async Task SendAsync(string? interactionId, string token, IEnumerable<DiscordWire.Message> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            var result = await WithOneRetryAsync(() => api.CreateFollowUpAsync(token, message, cancellationToken), cancellationToken);
            if (!result.IsOk)
            {
                logger.FollowUpFailed(interactionId, result.Reason);
                return;
            }
        }
    }

    /// <summary>
    /// Finishes a deferred answer with the reply: edits the "thinking…" message, or, when the reply
    /// must be seen by others than the deferred answer allowed (or the other way round), deletes it
    /// and posts the reply as follow-ups with the right visibility.
    /// </summary>
    public async Task FinishAsync(string? interactionId, string token, Task<ChatReply> work, bool deferredEphemeral, CancellationToken cancellationToken, ReplyProgress? progress = null)
    {
        ChatReply reply;
        try
        {
            reply = await work;
            if (progress is not null)
            {
                await progress.Last;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.CommandFailed(interactionId, ex);
            reply = DiscordInteractionHandler.Failure;
        }

        var messages = DiscordReplyRenderer.Render(reply);
        if ((reply.Visibility == ReplyVisibility.Ephemeral) != deferredEphemeral)
        {
            await api.DeleteOriginalResponseAsync(token, cancellationToken);
            await SendAsync(interactionId, token, messages, cancellationToken);
            return;
        }

        var first = messages[0];
        var edited = await WithOneRetryAsync(
            () => api.EditOriginalResponseAsync(token, new DiscordWire.Message { Content = first.Content }, cancellationToken), cancellationToken);
        if (!edited.IsOk)
        {
            logger.FollowUpFailed(interactionId, edited.Reason);
            return;
        }

        await SendAsync(interactionId, token, messages.Skip(1), cancellationToken);
    }

    /// <summary>Progress of a long command, shown by editing its "thinking…" answer (the interaction token allows many edits).</summary>
    public ReplyProgress Progress(string token) =>
        new(async reply => await api.EditOriginalResponseAsync(token, new DiscordWire.Message { Content = DiscordReplyRenderer.Render(reply)[0].Content }, Stopping), MaxProgressEdits);

    private async Task<DiscordCallResult> WithOneRetryAsync(Func<Task<DiscordCallResult>> call, CancellationToken cancellationToken)
    {
        var result = await call();
        if (result.Status is DiscordCallStatus.RateLimited or DiscordCallStatus.ServerError or DiscordCallStatus.Unreachable
            && (result.RetryAfter ?? TimeSpan.FromSeconds(1)) is var wait && wait <= MaxRetryWait)
        {
            await Task.Delay(wait, time, cancellationToken);
            result = await call();
        }

        return result;
    }
}
