namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// Durable state: feed health, item history, channels with their subscriptions, rules and mutes,
/// the audit log, and the outbox. SQLite is the embedded implementation; PostgreSQL implements
/// the same contract for scale-out. Every change to a channel's setup writes its audit row in the
/// same transaction; "now" is the store's TimeProvider.
/// </summary>
public interface IStore : IFeedStateStore, IItemStore, IChannelStore, IMuteStore, IDigestStore, IReminderStore, IWatchlistStore, IAlertStore, IAuditStore, IFeedNoticeStore, IOutboxStore, IListStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);
}
