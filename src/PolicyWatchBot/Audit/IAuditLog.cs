namespace PolicyWatchBot.Audit;

/// <summary>
/// A store's audit log opened for export, read-only: the channels it knows, and its rows in the
/// order they were appended, streamed. <see cref="Storage.Sqlite.SqliteAuditLog"/> reads a SQLite
/// file, <see cref="Storage.Postgres.PostgresAuditLog"/> a PostgreSQL database.
/// </summary>
internal interface IAuditLog : IAsyncDisposable
{
    Task<IReadOnlyList<AuditChannel>> GetChannelsAsync(CancellationToken cancellationToken);

    /// <summary>The rows of one channel (or all), from <paramref name="since"/> on (or all), in append order.</summary>
    IAsyncEnumerable<AuditLogRow> ReadAsync(long? channelId, DateTimeOffset? since, CancellationToken cancellationToken);
}
