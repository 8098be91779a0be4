using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Core.Storage;

/// <summary>The audit log of every change to a channel.</summary>
public interface IAuditStore
{
    Task<IReadOnlyList<AuditEntry>> GetRecentAuditAsync(long channelId, int max, CancellationToken cancellationToken);

    /// <summary>Writes an audit row for something that is not a setup change of its own (a refused command is not audited).</summary>
    Task AppendAuditAsync(long channelId, Actor actor, string action, string? before, string? after, CancellationToken cancellationToken);
}
