using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Posts of one channel parked for one reason (for status): how many, and when they are tried again.</summary>
public sealed record ParkedPosts(ChannelKey Channel, string ChannelName, string Reason, long Count, DateTimeOffset NextTry);
