using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Feeds' polling state and backfills, written once and run against SQLite and PostgreSQL.</summary>
public abstract class FeedStateTests : IAsyncLifetime
{
    internal CancellationToken Ct { get; } = Fixtures.Timeout();

    internal IFeedStateStore Store { get; private set; } = null!;

    /// <summary>A migrated, empty store of the kind the subclass tests.</summary>
    internal abstract Task<IFeedStateStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static FeedState FullState(string feed = "fr-bis") => new()
    {
        Feed = new FeedId(feed),
        Url = "https://www.federalregister.gov/api/v1/documents.json?conditions[agencies][]=industry-and-security-bureau",
        ETag = "\"abc123\"",
        LastModified = "Wed, 10 Jan 2024 14:00:00 GMT",
        BodyHash = "sha256:00ff",
        LastPolledAt = new DateTimeOffset(2024, 1, 10, 9, 0, 0, TimeSpan.FromHours(-5)),
        LastSuccessAt = new DateTimeOffset(2024, 1, 10, 8, 0, 0, 123, TimeSpan.FromHours(-5)),
        LastErrorAt = new DateTimeOffset(2024, 1, 10, 16, 30, 0, TimeSpan.FromHours(2)),
        LastError = "HTTP 503 Service Unavailable",
        ConsecutiveFailures = 3,
        LastItemCount = 100,
        Warning = "the feed returned no items",
        RetryAfter = new DateTimeOffset(2024, 1, 10, 15, 0, 0, TimeSpan.Zero),
    };

    [StoreFact]
    public async Task GetFeedStateAsync_Saved_ReturnsEveryField()
    {
        var saved = FullState();
        await Store.SaveFeedStateAsync(saved, Ct);

        var read = await Store.GetFeedStateAsync(saved.Feed, Ct);

        Assert.Equal(saved, read);
    }

    [StoreFact]
    public async Task GetFeedStateAsync_SavedWithOffsets_ReturnsInstantsInUtc()
    {
        var saved = FullState();
        await Store.SaveFeedStateAsync(saved, Ct);

        var read = await Store.GetFeedStateAsync(saved.Feed, Ct);

        DateTimeOffset?[] instants = [read.LastPolledAt, read.LastSuccessAt, read.LastErrorAt, read.RetryAfter];
        Assert.All(instants, i => Assert.Equal(TimeSpan.Zero, i!.Value.Offset));
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 14, 0, 0, TimeSpan.Zero), read.LastPolledAt);
    }

    [StoreFact]
    public async Task GetFeedStateAsync_NeverSaved_ReturnsEmpty()
    {
        var read = await Store.GetFeedStateAsync(new FeedId("fr-none"), Ct);

        Assert.Equal(FeedState.Empty(new FeedId("fr-none")), read);
    }

    [StoreFact]
    public async Task SaveFeedStateAsync_SecondSave_ReplacesEveryField()
    {
        await Store.SaveFeedStateAsync(FullState(), Ct);
        var recovered = new FeedState { Feed = new FeedId("fr-bis"), ETag = "\"def\"", LastSuccessAt = StoreTestData.Start };

        await Store.SaveFeedStateAsync(recovered, Ct);

        Assert.Equal(recovered, await Store.GetFeedStateAsync(recovered.Feed, Ct));
    }

    [StoreFact]
    public async Task GetFeedStatesAsync_SeveralFeeds_ReturnsEachOrderedById()
    {
        await Store.SaveFeedStateAsync(FullState("uk-ecju"), Ct);
        await Store.SaveFeedStateAsync(FullState("fr-bis"), Ct);

        var states = await Store.GetFeedStatesAsync(Ct);

        Assert.Equal(new[] { "fr-bis", "uk-ecju" }, states.Select(s => s.Feed.Value));
    }

    [StoreFact]
    public async Task SaveBackfillAsync_UnderWayThenCompleted_ReadsBackEachAndListsByFeed()
    {
        var underWay = new FeedBackfill
        {
            Feed = new FeedId("fr-bis"), Url = "https://www.federalregister.gov/api/v1/documents.json?per_page=100", Days = 365,
            From = new DateOnly(2023, 1, 10), Through = new DateOnly(2024, 1, 10), ReadFrom = new DateOnly(2023, 11, 1),
            Documents = 412, Unread = 3, StartedAt = StoreTestData.Start, LastError = "HTTP 503",
        };
        await Store.SaveBackfillAsync(underWay, Ct);
        Assert.Equal(underWay, await Store.GetBackfillAsync(underWay.Feed, Ct));

        var completed = underWay with { ReadFrom = underWay.From, Documents = 700, CompletedAt = StoreTestData.Start.AddHours(1), LastError = null };
        await Store.SaveBackfillAsync(completed, Ct);
        await Store.SaveBackfillAsync(completed with { Feed = new FeedId("fr-ofac"), ReadFrom = null, CompletedAt = null }, Ct);

        Assert.Equal(completed, await Store.GetBackfillAsync(underWay.Feed, Ct));
        Assert.Null(await Store.GetBackfillAsync(new FeedId("fr-none"), Ct));
        Assert.Equal(new[] { "fr-bis", "fr-ofac" }, (await Store.GetBackfillsAsync(Ct)).Select(b => b.Feed.Value));
    }
}

public sealed class SqliteFeedStateTests : FeedStateTests
{
    private readonly TempSqliteDatabase _database = new();

    internal override async Task<IFeedStateStore> CreateStoreAsync()
    {
        var store = _database.CreateStore();
        await store.MigrateAsync(Ct);
        return store;
    }

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresFeedStateTests : FeedStateTests, IPostgresStoreTest
{
    private TempPostgresSchema? _schema;
    private PostgresConnectionFactory? _connections;

    internal override async Task<IFeedStateStore> CreateStoreAsync()
    {
        _schema = await PostgresTestServer.CreateSchemaAsync(Ct);
        _connections = new PostgresConnectionFactory(_schema.ConnectionString);
        var store = new PostgresStore(_connections, TimeProvider.System);
        await store.MigrateAsync(Ct);
        return store;
    }

    public override async Task DisposeAsync()
    {
        if (_connections is not null)
        {
            await _connections.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
