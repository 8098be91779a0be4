using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Audit;

/// <summary>
/// One row of the append-only audit log as exported: its sequence number, when, which channel
/// (null for a change that belongs to none), who, the action, and the values before and after.
/// </summary>
internal sealed record AuditLogRow(
    long Id,
    DateTimeOffset At,
    ChannelKey? Channel,
    string? ChannelName,
    string UserId,
    string UserName,
    string Action,
    string? Before,
    string? After);
