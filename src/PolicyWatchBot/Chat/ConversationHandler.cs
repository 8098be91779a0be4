using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Chat;

/// <summary>
/// Runs one <c>/policywatch</c> command, whatever platform it came from: parses typed text,
/// checks who may run it, hands it to the verb's handler and returns the platform-neutral reply.
/// </summary>
internal sealed class ConversationHandler(
    IStore store,
    ManagerPolicy managers,
    FeedCommands feeds,
    RuleCommands rules,
    ChannelModeCommands modes,
    ReminderCommands reminders,
    WatchlistCommands watchlists,
    MuteCommands mutes,
    AckCommand ack,
    StatusCommand status,
    OutboxSignal outbox,
    TimeProvider time,
    PolicyWatchMetrics metrics,
    ILogger<ConversationHandler> logger)
{
    /// <summary>The verb label of text that did not parse, on <c>/metrics</c>.</summary>
    public const string MalformedVerb = "(malformed)";

    /// <summary>The outcome label of a command whose handler threw, on <c>/metrics</c>.</summary>
    public const string FailedOutcome = "Failed";

    /// <summary>Parses what the user typed and runs it; a malformed command changes nothing.</summary>
    /// <param name="progress">Where a long command reports how far it got (see <see cref="ChatRequest.Progress"/>).</param>
    public Task<ChatReply> HandleTextAsync(ChannelKey channel, string channelName, Caller caller, string text, CancellationToken cancellationToken) =>
        HandleTextAsync(channel, channelName, caller, text, progress: null, cancellationToken);

    /// <inheritdoc cref="HandleTextAsync(ChannelKey, string, Caller, string, CancellationToken)"/>
    public Task<ChatReply> HandleTextAsync(ChannelKey channel, string channelName, Caller caller, string text, IProgress<ChatReply>? progress, CancellationToken cancellationToken)
    {
        var parsed = CommandParser.Parse(text);
        if (parsed.IsSuccess)
        {
            return HandleAsync(new ChatRequest(channel, channelName, caller, parsed.Command) { Progress = progress }, cancellationToken);
        }

        metrics.CommandHandled(channel.Platform, MalformedVerb, ReplyOutcome.Invalid.ToString());
        return Task.FromResult(ChatReply.Invalid(ReplyText.Capitalized(parsed.Error), parsed.Usage));
    }

    public async Task<ChatReply> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var verb = CommandCatalog.For(command).Verb;
        if (command.ChangesSetup && !managers.IsManager(request.Channel, request.Caller))
        {
            logger.Refused(verb, request.Caller.Actor.UserId, request.Channel.ToString());
            metrics.CommandHandled(request.Channel.Platform, verb, ReplyOutcome.Refused.ToString());
            return ChatReply.Refused(ManagerPolicy.WhoMay(request.Channel, verb));
        }

        ChatReply reply;
        try
        {
            reply = await RunAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The platform's adapter answers the caller; the failure is counted here, once for every platform.
            metrics.CommandHandled(request.Channel.Platform, verb, FailedOutcome);
            throw;
        }

        logger.Handled(verb, request.Caller.Actor.UserId, request.Channel.ToString(), reply.Outcome);
        metrics.CommandHandled(request.Channel.Platform, verb, reply.Outcome.ToString());
        return reply;
    }

    private async Task<ChatReply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var channelId = await store.EnsureChannelAsync(request.Channel, request.ChannelName, cancellationToken);
        await ResumeParkedPostsAsync(request.Channel, cancellationToken);
        var context = new CommandContext(request, channelId);
        return command switch
        {
            ChatCommand.Help c => HelpCommand.Handle(c),
            ChatCommand.Feeds => await feeds.ListAsync(cancellationToken),
            ChatCommand.Subscribe c => await feeds.SubscribeAsync(context, c, cancellationToken),
            ChatCommand.Unsubscribe c => await feeds.UnsubscribeAsync(context, c, cancellationToken),
            ChatCommand.Subscriptions => await feeds.ListSubscriptionsAsync(context, cancellationToken),
            ChatCommand.RuleAdd c => await rules.AddAsync(context, c, cancellationToken),
            ChatCommand.RuleEdit c => await rules.EditAsync(context, c, cancellationToken),
            ChatCommand.RuleRemove c => await rules.RemoveAsync(context, c, cancellationToken),
            ChatCommand.Rules => await rules.ListAsync(context, cancellationToken),
            ChatCommand.RuleTest c => await rules.TestAsync(context, c, cancellationToken),
            ChatCommand.RuleUrgent c => await rules.UrgentAsync(context, c, cancellationToken),
            ChatCommand.RuleNotify c => await rules.NotifyAsync(context, c, cancellationToken),
            ChatCommand.Flood c => await modes.FloodAsync(context, c, cancellationToken),
            ChatCommand.Digest c => await modes.DigestAsync(context, c, cancellationToken),
            ChatCommand.Pending => await modes.PendingAsync(context, cancellationToken),
            ChatCommand.Remind c => await reminders.RemindAsync(context, c, cancellationToken),
            ChatCommand.Reminders => await reminders.RemindersAsync(context, cancellationToken),
            ChatCommand.WatchAdd c => await watchlists.AddAsync(context, c, cancellationToken),
            ChatCommand.WatchRemove c => await watchlists.RemoveAsync(context, c, cancellationToken),
            ChatCommand.WatchTest c => await watchlists.TestAsync(context, c, cancellationToken),
            ChatCommand.WatchImport c => await watchlists.ImportAsync(context, c, cancellationToken),
            ChatCommand.WatchThreshold c => await watchlists.ThresholdAsync(context, c, cancellationToken),
            ChatCommand.Watchlist => await watchlists.ListAsync(context, cancellationToken),
            ChatCommand.Mute c => await mutes.MuteAsync(context, c, cancellationToken),
            ChatCommand.MuteAlertRules c => await mutes.MuteAlertRulesAsync(context, c, cancellationToken),
            ChatCommand.MuteAlertFeed c => await mutes.MuteAlertFeedAsync(context, c, cancellationToken),
            ChatCommand.Unmute c => await mutes.UnmuteAsync(context, c, cancellationToken),
            ChatCommand.Muted => await mutes.ListAsync(context, cancellationToken),
            ChatCommand.Ack c => await ack.HandleAsync(context, c, cancellationToken),
            ChatCommand.Status => await status.HandleAsync(context, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request), command.GetType().Name, "no handler for this command"),
        };
    }

    /// <summary>
    /// A command from a channel shows the bot can hear it again (it was invited back), so posts
    /// parked for that channel are tried now rather than at the next probe.
    /// </summary>
    private async Task ResumeParkedPostsAsync(ChannelKey channel, CancellationToken cancellationToken)
    {
        if (await store.ResumeParkedAsync(channel, ParkScope.Channel, time.GetUtcNow(), cancellationToken) > 0)
        {
            outbox.Notify();
        }
    }
}
