using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Core.Commands;

/// <summary>One command, from one user, in one channel (everything acts on the channel it was typed in).</summary>
public sealed record ChatRequest(ChannelKey Channel, string ChannelName, Caller Caller, ChatCommand Command);
