namespace PolicyWatchBot.Core.Storage;

/// <summary>Which outbox row a claim is for (an alert or a digest), and what to do with it.</summary>
public readonly record struct OutboxRef(OutboxKind Kind, long Id, OutboxWork Work);
