namespace PolicyWatchBot.Core.Storage;

/// <summary>How many alerts the outbox holds in each state.</summary>
public sealed record OutboxCounts(long Pending, long Sent, long Failed, long Parked, long Muted);
