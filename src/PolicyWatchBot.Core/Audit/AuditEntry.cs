namespace PolicyWatchBot.Core.Audit;

/// <summary>One row of a channel's append-only audit log: who, when, what, before and after.</summary>
public sealed record AuditEntry(DateTimeOffset At, Actor Actor, string Action, string? Before, string? After);
