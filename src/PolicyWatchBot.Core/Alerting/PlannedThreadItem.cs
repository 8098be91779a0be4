using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>An item joining a channel's thread (its first alert starting it, a correction, a citation), recorded so restarts keep the join.</summary>
public sealed record PlannedThreadItem(long ThreadId, long ChannelId, ItemKey Item, ThreadJoin Join);
