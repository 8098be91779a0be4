using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Posts of one channel not delivered yet, in one state and for one reason: how many, and when the first is tried again.</summary>
public sealed record WaitingPosts(ChannelKey Channel, string ChannelName, WaitingState State, string? Reason, long Count, DateTimeOffset NextTry);

public enum WaitingState
{
    /// <summary>A send waiting for its time (a retry's backoff, a rate limit, its turn in the channel).</summary>
    Pending,

    /// <summary>A send parked until someone acts (a refused token, the bot not in the channel).</summary>
    Parked,

    /// <summary>An edit of a message already posted (an acknowledgement to show).</summary>
    Edit,
}
