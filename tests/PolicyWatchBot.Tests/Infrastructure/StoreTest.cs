using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A store test written once against an area of the store contract (<typeparamref name="TArea"/>)
/// and run against each store: a subclass that is an <see cref="IPostgresStoreTest"/> runs on a
/// fresh schema of the PostgreSQL test server, any other on a real SQLite file; both migrated, empty
/// and on the fake <see cref="Clock"/>.
/// </summary>
public abstract class StoreTest<TArea> : IAsyncLifetime
    where TArea : class
{
    internal FakeTimeProvider Clock { get; } = new(StoreTestData.Start);

    internal CancellationToken Ct { get; } = Fixtures.Timeout();

    internal DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The database under test, for SQL run on it directly (to look at rows, or try what the store never does).</summary>
    internal TestStoreDatabase Database { get; private set; } = null!;

    internal TArea Store => (TArea)Database.Store;

    internal bool OnPostgres => this is IPostgresStoreTest;

    /// <summary>The same store through another area of the contract.</summary>
    internal T StoreAs<T>()
        where T : class => (T)Database.Store;

    public virtual async Task InitializeAsync() =>
        Database = OnPostgres ? await PostgresTestStoreDatabase.OpenAsync(Clock, Ct) : await SqliteTestStoreDatabase.OpenAsync(Clock, Ct);

    public virtual async Task DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
