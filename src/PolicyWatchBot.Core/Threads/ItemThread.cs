using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Threads;

/// <summary>
/// A channel's conversation about one action: its parent alert (the first alert posted on its own),
/// the item whose revisions set its stage (<see cref="Subject"/>), and that stage as last shown.
/// </summary>
public sealed record ItemThread(long ThreadId, long ChannelId, string ParentAlertId, ItemKey Subject, ThreadStage? Stage);
