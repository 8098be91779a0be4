using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Runs <c>/policywatch</c> commands and button presses from Slack, however they arrived (HTTP or
/// Socket Mode), through the shared <see cref="ConversationHandler"/>. Slack waits 3 seconds for an
/// answer: a command done within <c>DeferAfter</c> is answered at once; a slower one (and every
/// backtest) is acknowledged now and answered through <c>response_url</c> when done.
/// </summary>
internal sealed class SlackInteractions(
    ConversationHandler conversation,
    SlackReplies replies,
    IHostApplicationLifetime lifetime,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackInteractions> logger)
{
    /// <summary>The action id of an alert's "Open source" link button; Slack reports its clicks too, and they need nothing.</summary>
    public const string OpenSourceAction = "pw:open";

    /// <summary>The immediate answer to a slash command (null: acknowledge with an empty body).</summary>
    public async Task<ResponseMessage?> HandleCommandAsync(SlashCommandPayload command, CancellationToken cancellationToken)
    {
        if (command is not { TeamId: { } team, ChannelId: { } channelId, UserId: { } userId })
        {
            return Answer("Slack sent this command without its workspace, channel or user; nothing changed.");
        }

        var text = SlackText.Unescape(command.Text ?? "");
        var target = new ReplyTarget(new ChannelKey(ManagerPolicy.SlackPlatform, team, channelId), userId, ResponseUrl(command.ResponseUrl));
        var caller = new Caller(new Actor(userId, string.IsNullOrWhiteSpace(command.UserName) ? userId : command.UserName));
        var isBacktest = CommandParser.Parse(text) is { IsSuccess: true, Command: ChatCommand.RuleTest };
        var progress = isBacktest ? replies.Progress(target) : null;
        var work = RunAsync(target, () => conversation.HandleTextAsync(target.Channel, command.ChannelName ?? channelId, caller, text, progress, lifetime.ApplicationStopping));
        if (!isBacktest && await FinishesInTimeAsync(work, cancellationToken))
        {
            var messages = SlackReplyRenderer.Render(await work);
            replies.SendLater(target, messages.Skip(1).ToList());
            return messages[0];
        }

        replies.SendLater(target, work, progress);
        return Answer(isBacktest ? "Running the backtest; the result follows here in a moment." : "Working on it; the answer follows here in a moment.");
    }

    /// <summary>
    /// A button press. Slack shows nothing of the HTTP answer to a button, so the reply always goes
    /// through <c>response_url</c>; the alert's message itself is updated by the outbox.
    /// </summary>
    public void HandleInteraction(InteractionPayload payload)
    {
        // Signed payloads still come in every shape: no actions (a view_submission, "payload={}"), null ones.
        var action = payload.Actions is { Count: > 0 } actions ? actions[0] : null;
        var channelId = payload.Container?.ChannelId ?? payload.Channel?.Id;
        var team = payload.Team?.Id ?? payload.User?.TeamId;
        if (payload.Type != "block_actions" || action is null || action.ActionId == OpenSourceAction
            || !ButtonPayload.TryParse(action.Value ?? action.ActionId, out var command)
            || channelId is null || team is null || payload.User?.Id is not { } userId)
        {
            logger.InteractionIgnored(payload.Type, action?.ActionId);
            return;
        }

        var target = new ReplyTarget(new ChannelKey(ManagerPolicy.SlackPlatform, team, channelId), userId, ResponseUrl(payload.ResponseUrl));
        var name = payload.User.Username ?? payload.User.Name ?? userId;
        var request = new ChatRequest(target.Channel, payload.Channel?.Name ?? channelId, new Caller(new Actor(userId, name)), command);
        replies.SendLater(target, RunAsync(target, () => conversation.HandleAsync(request, lifetime.ApplicationStopping)));
    }

    private static ResponseMessage Answer(string text) =>
        new(SlackText.Escape(text), null, SlackReplyRenderer.Ephemeral);

    private async Task<bool> FinishesInTimeAsync(Task work, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = await Task.WhenAny(work, Task.Delay(options.Value.DeferAfter, time, deadline.Token));
        await deadline.CancelAsync();
        return finished == work;
    }

    /// <summary>The command's reply; a command that throws is logged and answered in plain words.</summary>
    private async Task<ChatReply> RunAsync(ReplyTarget target, Func<Task<ChatReply>> handle)
    {
        try
        {
            return await handle();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.CommandFailed(target.UserId, target.Channel.ToString(), ex);
            return ChatReply.Ephemeral(ReplyLine.Of("Something went wrong running that command (it is logged); nothing changed. Try again in a minute."));
        }
    }

    /// <summary>Only an absolute http(s) URL is ever posted to.</summary>
    private static Uri? ResponseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri : null;
}

/// <summary>Where a command's answer goes: its <c>response_url</c>, else an ephemeral message to the user in the channel.</summary>
internal sealed record ReplyTarget(ChannelKey Channel, string UserId, Uri? ResponseUrl);
