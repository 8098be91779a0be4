using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Answers one verified interaction: a <c>/policywatch</c> command or a button press runs through
/// the conversation (replies ephemeral or public as docs/commands.md says); a backtest, or anything not
/// done within <see cref="DiscordOptions.DeferAfter"/>, is answered "thinking…" and finished
/// through the interaction webhook; autocomplete suggests feeds, rules and durations.
/// </summary>
internal sealed class DiscordInteractionHandler(
    ConversationHandler conversation,
    DiscordAutocomplete autocomplete,
    DiscordFollowUps followUps,
    DiscordRefusals refusals,
    IOptions<DiscordOptions> options,
    PolicyWatchMetrics metrics,
    TimeProvider time,
    ILogger<DiscordInteractionHandler> logger)
{
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;

    /// <summary>What a member sees when a command threw (the log has the details).</summary>
    public static readonly ChatReply Failure = ChatReply.Ephemeral(ReplyLine.Of(
        "Something went wrong running that command (it is logged); nothing changed. Try again in a minute, or check with ", new Inline.Code("/policywatch status"), "."));

    /// <summary>The answer to a signed interaction of a shape PolicyWatch does not understand.</summary>
    public static readonly DiscordWire.MessageResponse NotUnderstoodAnswer = Immediate(ChatReply.Ephemeral(ReplyLine.Of(
        "PolicyWatch did not understand that request; nothing changed. Try ", new Inline.Code("/policywatch help"), ".")));

    private static readonly ChatReply GuildOnly = ChatReply.Ephemeral(ReplyLine.Of("PolicyWatch works in server channels: use /policywatch in a channel of a server."));
    private static readonly ChatReply UnknownButton = ChatReply.Ephemeral(ReplyLine.Of("This button is not one PolicyWatch knows (the message may be too old); use /policywatch ack or mute instead."));

    private static readonly BigInteger Administrator = 1 << 3;
    private static readonly BigInteger ManageChannels = 1 << 4;

    /// <summary>A command or a button: the HTTP answer, and what to send once it is out (or null).</summary>
    public async Task<(DiscordWire.MessageResponse Answer, Func<CancellationToken, Task>? Then)> HandleAsync(
        DiscordInteractionWire.Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (Where(interaction) is not { } place || Who(interaction) is not { } caller)
        {
            return (Immediate(GuildOnly), null);
        }

        refusals.Forget(place.Channel.Channel);
        var parsed = interaction.Type == DiscordInteractionWire.MessageComponent
            ? (ButtonPayload.TryParse(interaction.Data?.CustomId, out var pressed) ? CommandParseResult.Success(pressed) : null)
            : DiscordCommandReader.Read(interaction.Data);
        if (parsed is null)
        {
            return (Immediate(UnknownButton), null);
        }

        if (!parsed.IsSuccess)
        {
            metrics.CommandHandled(place.Channel.Platform, ConversationHandler.MalformedVerb, ReplyOutcome.Invalid.ToString());
            return Answer(interaction, ChatReply.Invalid(ReplyText.Capitalized(parsed.Error), parsed.Usage));
        }

        var command = parsed.Command;
        var token = interaction.Token ?? "";
        var progress = command is ChatCommand.RuleTest ? followUps.Progress(token) : null;
        var request = new ChatRequest(place.Channel, place.Name, caller, command) { Progress = progress };

        // The command runs to the end even when Discord's answer window closes; it stops with the host.
        var work = conversation.HandleAsync(request, followUps.Stopping);
        if (command is not ChatCommand.RuleTest)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(work, Task.Delay(options.Value.DeferAfter, time, wait.Token));
            await wait.CancelAsync();
            if (first == work)
            {
                return Answer(interaction, await ReplyOfAsync(interaction, work));
            }
        }

        // Setup changes are announced in the channel; everything else answers the caller alone.
        var ephemeral = !command.ChangesSetup;
        var deferred = new DiscordWire.MessageResponse
        {
            Type = DeferredChannelMessage,
            Data = ephemeral ? new DiscordWire.Message { Flags = DiscordWire.EphemeralFlag } : null,
        };
        return (deferred, ct => followUps.FinishAsync(interaction.Id, token, work, ephemeral, ct, progress));
    }

    /// <summary>The command's reply; a command that threw is logged and answered "something went wrong, nothing changed".</summary>
    private async Task<ChatReply> ReplyOfAsync(DiscordInteractionWire.Interaction interaction, Task<ChatReply> work)
    {
        try
        {
            return await work;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !followUps.Stopping.IsCancellationRequested)
        {
            logger.CommandFailed(interaction.Id, ex);
            return Failure;
        }
    }

    public async Task<DiscordWire.AutocompleteResponse> SuggestAsync(DiscordInteractionWire.Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var choices = Where(interaction) is { } place
            ? await autocomplete.SuggestAsync(place.Channel, place.Name, interaction.Data, cancellationToken)
            : [];
        return new DiscordWire.AutocompleteResponse { Data = new DiscordWire.AutocompleteChoices { Choices = choices } };
    }

    /// <summary>Whether the member may change the channel's setup: Administrator or Manage Channels in this channel.</summary>
    public static bool CanManageChannels(string? permissions) =>
        BigInteger.TryParse(permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
        && ((bits & Administrator) != 0 || (bits & ManageChannels) != 0);

    private (DiscordWire.MessageResponse, Func<CancellationToken, Task>?) Answer(DiscordInteractionWire.Interaction interaction, ChatReply reply)
    {
        var messages = DiscordReplyRenderer.Render(reply);
        var token = interaction.Token ?? "";
        var answer = new DiscordWire.MessageResponse { Type = ChannelMessage, Data = messages[0] };
        Func<CancellationToken, Task>? rest = messages.Count == 1 ? null : ct => followUps.SendAsync(interaction.Id, token, messages.Skip(1), ct);
        return (answer, rest);
    }

    private static DiscordWire.MessageResponse Immediate(ChatReply reply) =>
        new() { Type = ChannelMessage, Data = DiscordReplyRenderer.Render(reply)[0] };

    private static (ChannelKey Channel, string Name)? Where(DiscordInteractionWire.Interaction interaction) =>
        interaction is { GuildId: { Length: > 0 } guild, ChannelId: { Length: > 0 } channel }
            ? (new ChannelKey(DiscordAlertSink.PlatformName, guild, channel), interaction.Channel?.Name ?? channel)
            : null;

    private static Caller? Who(DiscordInteractionWire.Interaction interaction)
    {
        if (interaction.Member is not { User: { Id: { Length: > 0 } id } user } member)
        {
            return null;
        }

        var name = member.Nick ?? user.GlobalName ?? user.Username ?? id;
        return new Caller(new Actor(id, name), CanManageChannels(member.Permissions));
    }
}
