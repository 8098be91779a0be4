using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A test class over a migrated SQLite store in a real temp file, on a fake clock. The file is
/// deleted when the class's tests are done.
/// </summary>
public abstract class SqliteStoreTest : IAsyncLifetime
{
    internal FakeTimeProvider Clock { get; } = new(StoreTestData.Start);

    internal TempSqliteDatabase Database { get; } = new();

    internal CancellationToken Ct { get; } = Fixtures.Timeout();

    internal SqliteStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Store = Database.CreateStore(Clock);
        await Store.MigrateAsync(Ct);
    }

    public virtual Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}
