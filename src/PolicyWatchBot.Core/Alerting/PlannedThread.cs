using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>A thread a poll starts: its id (from <see cref="PollState.NextThreadSequence"/>), its channel, the alert that is its parent, and its subject item.</summary>
public sealed record PlannedThread(long ThreadId, long ChannelId, long ParentSequence, ItemKey Subject);
