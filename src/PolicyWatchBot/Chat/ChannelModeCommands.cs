using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Chat;

/// <summary>How a channel is told: <c>flood N</c> (live mode's grouping threshold).</summary>
internal sealed class ChannelModeCommands(IStore store)
{
    public async Task<ChatReply> FloodAsync(CommandContext context, ChatCommand.Flood command, CancellationToken cancellationToken)
    {
        var before = await store.SetFloodThresholdAsync(context.ChannelId, command.Threshold, context.Actor, cancellationToken);
        if (before == command.Threshold)
        {
            return ChatReply.Ephemeral(ReplyLine.Of($"This channel already groups more than {command.Threshold} alerts of one poll; nothing changed."));
        }

        return ChatReply.Announcement(ReplyLine.Of(context.Who,
            $" set flood grouping to {command.Threshold}: more than {ReplyText.Count(command.Threshold, "alert")} from one poll now become one grouped message (it was {before}); urgent alerts are never grouped."));
    }
}
