using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Core.Commands;

/// <summary>One command, from one user, in one channel (everything acts on the channel it was typed in).</summary>
public sealed record ChatRequest(ChannelKey Channel, string ChannelName, Caller Caller, ChatCommand Command)
{
    /// <summary>Where a long command (a backtest) shows how far it got, when its platform answered "working on it" first.</summary>
    public IProgress<ChatReply>? Progress { get; init; }
}
