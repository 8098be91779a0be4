using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// A thread's new subject or stage: the parent message is edited (through the outbox) to show the
/// stage and the next date.
/// </summary>
public sealed record PlannedThreadUpdate(long ThreadId, ItemKey Subject, ThreadStage? Stage);
