using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A store contract test of the outbox's areas (<see cref="StoreTest{TArea}"/>, run against each
/// store) with one console channel ready, the outbox owner and lease the claims use, and the store's
/// other areas by name.
/// </summary>
public abstract class OutboxStoreTest : ConsoleChannelStoreTest<IOutboxStore>
{
    internal const string Owner = "worker-a";

    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    internal IItemStore Items => StoreAs<IItemStore>();

    internal IAlertStore Alerts => StoreAs<IAlertStore>();

    internal IDigestStore Digests => StoreAs<IDigestStore>();

    internal IReminderStore Reminders => StoreAs<IReminderStore>();

    internal IChannelStore Channels => StoreAs<IChannelStore>();

    internal IMuteStore Mutes => StoreAs<IMuteStore>();

    internal IAuditStore Audit => StoreAs<IAuditStore>();

    /// <summary>Another store on the same database, with a connection pool of its own: another worker, or another instance.</summary>
    internal IOutboxStore OpenAnotherStore() => Database switch
    {
        PostgresTestStoreDatabase postgres => postgres.OpenInstance(Clock),
        SqliteTestStoreDatabase sqlite => new SqliteStore(new SqliteConnectionFactory(sqlite.ConnectionString, Path.GetTempPath()), Clock),
        _ => throw new InvalidOperationException($"no second store on {Database.GetType().Name}"),
    };
}
