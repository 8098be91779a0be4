using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>The channel's audit log: read newest first, or appended to for actions that are not a setup change of their own.</summary>
internal sealed partial class PostgresStore : IAuditStore
{
    public async Task<IReadOnlyList<AuditEntry>> GetRecentAuditAsync(long channelId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            $"SELECT {AuditRows.SelectColumns} FROM audit WHERE channel_id = @c ORDER BY id DESC LIMIT @max",
            ("c", channelId), ("max", max));
        return await ReadAllAsync(command, AuditRows.Read, cancellationToken);
    }

    public Task AppendAuditAsync(long channelId, Actor actor, string action, string? before, string? after, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            await AuditRows.WriteAsync(transaction, channelId, actor, action, before, after, Now, cancellationToken);
            return true;
        }, cancellationToken);
}
