using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Screening lists' stored versions, written once and run against SQLite and PostgreSQL.</summary>
public abstract class ListStoreTests : IAsyncLifetime
{
    private static readonly FeedId Feed = new("ofac-sdn");

    internal CancellationToken Ct { get; } = Fixtures.Timeout();

    internal FakeTimeProvider Clock { get; } = new(StoreTestData.Start);

    internal IListStore Store { get; private set; } = null!;

    internal abstract Task<IListStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static ListedEntity Entity(string id, string name, params string[] aliases) => new()
    {
        List = "sdn",
        Id = id,
        Name = name,
        Aliases = aliases,
        Type = EntityType.Entity,
        Countries = ["Cuba"],
        Addresses = ["Calle 1, Havana"],
        Programs = ["CUBA"],
        Dates = [new EntityDate("listed", "3017-08-22", null, "year 3017 is not a plausible date")],
        LicenseRequirement = "For all items subject to the EAR.",
        ReviewPolicy = "Presumption of denial.",
        Citation = "88 FR 12170 (2023-03929)",
        Remarks = "Linked To: BANCO NACIONAL DE CUBA.",
    };

    [StoreFact]
    public async Task GetListAsync_NeverLoaded_IsNull()
    {
        Assert.Null(await Store.GetListAsync("sdn", Ct));
        Assert.Empty(await Store.GetListsAsync(Ct));
    }

    [StoreFact]
    public async Task SaveListVersionAsync_Baseline_StoresEveryEntityWithEveryField()
    {
        var bank = Entity("306", "BANCO NACIONAL DE CUBA", "BNC");
        await Store.SaveListVersionAsync("sdn", Feed, [EntityChange.Added(bank), EntityChange.Added(Entity("36", "AEROCARIBBEAN AIRLINES"))], Ct);

        var stored = await Store.GetListAsync("sdn", Ct);

        Assert.NotNull(stored);
        Assert.Equal(("sdn", Feed), (stored.List, stored.Feed));
        Assert.Equal(["306", "36"], stored.Entities.Select(e => e.Id));
        var read = stored.Entities[0];
        Assert.Equal(bank with { Aliases = [], Countries = [], Addresses = [], Programs = [], Dates = [] }, read with { Aliases = [], Countries = [], Addresses = [], Programs = [], Dates = [] });
        Assert.Equal(bank.Aliases, read.Aliases);
        Assert.Equal(bank.Countries, read.Countries);
        Assert.Equal(bank.Addresses, read.Addresses);
        Assert.Equal(bank.Programs, read.Programs);
        Assert.Equal(bank.Dates, read.Dates);
        Assert.Equal(StoreTestData.Start, stored.UpdatedAt);
    }

    [StoreFact]
    public async Task SaveListVersionAsync_Changes_AddAmendAndRemoveOnlyThoseEntities()
    {
        await Store.SaveListVersionAsync("sdn", Feed, [EntityChange.Added(Entity("36", "AEROCARIBBEAN AIRLINES")), EntityChange.Added(Entity("306", "BANCO NACIONAL DE CUBA", "BNC"))], Ct);
        await Store.SaveListVersionAsync("dpl", new FeedId("bis-dpl"), [EntityChange.Added(Entity("I. ASH", "I. ASH") with { List = "dpl" })], Ct);
        Clock.Advance(TimeSpan.FromHours(2));

        var amended = Entity("306", "BANCO NACIONAL DE CUBA", "BNC", "BANCO CUBA");
        await Store.SaveListVersionAsync("sdn", Feed,
        [
            EntityChange.Removed(Entity("36", "AEROCARIBBEAN AIRLINES")),
            new EntityChange(EntityChangeKind.Amended, amended, [new EntityFieldChange("alias", null, "BANCO CUBA")]),
            EntityChange.Added(Entity("99999", "NEW EXAMPLE TRADING LLC")),
        ], Ct);

        var stored = (await Store.GetListAsync("sdn", Ct))!;
        Assert.Equal(["306", "99999"], stored.Entities.Select(e => e.Id));
        Assert.Equal(["BNC", "BANCO CUBA"], stored.Entities[0].Aliases);
        Assert.Equal(StoreTestData.Start.AddHours(2), stored.UpdatedAt);
        var lists = await Store.GetListsAsync(Ct);
        Assert.Equal(["dpl", "sdn"], lists.Select(l => l.List));
        Assert.Equal(["I. ASH"], lists[0].Entities.Select(e => e.Id));
        Assert.Equal(2, lists[1].Entities.Count);
    }

    [StoreFact]
    public async Task SaveListVersionAsync_SameChangesTwice_LeavesTheSameVersion()
    {
        var changes = new[] { EntityChange.Added(Entity("36", "AEROCARIBBEAN AIRLINES")), EntityChange.Added(Entity("306", "BANCO NACIONAL DE CUBA")) };
        await Store.SaveListVersionAsync("sdn", Feed, changes, Ct);
        var removal = new[] { EntityChange.Removed(Entity("36", "AEROCARIBBEAN AIRLINES")) };
        await Store.SaveListVersionAsync("sdn", Feed, removal, Ct);

        await Store.SaveListVersionAsync("sdn", Feed, removal, Ct);

        Assert.Equal(["306"], (await Store.GetListAsync("sdn", Ct))!.Entities.Select(e => e.Id));
    }

    [StoreFact]
    public async Task SaveListVersionAsync_EmptyBaseline_IsAStoredListOfNoEntities()
    {
        await Store.SaveListVersionAsync("sdn", Feed, [], Ct);

        var stored = await Store.GetListAsync("sdn", Ct);

        Assert.NotNull(stored);
        Assert.Empty(stored.Entities);
    }
}

public sealed class SqliteListStoreTests : ListStoreTests
{
    private readonly TempSqliteDatabase _database = new();

    internal override async Task<IListStore> CreateStoreAsync()
    {
        var store = _database.CreateStore(Clock);
        await store.MigrateAsync(Ct);
        return store;
    }

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresListStoreTests : ListStoreTests, IPostgresStoreTest
{
    private TempPostgresSchema? _schema;
    private PostgresConnectionFactory? _connections;

    internal override async Task<IListStore> CreateStoreAsync()
    {
        _schema = await PostgresTestServer.CreateSchemaAsync(Ct);
        _connections = new PostgresConnectionFactory(_schema.ConnectionString);
        var store = new PostgresStore(_connections, Clock);
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
