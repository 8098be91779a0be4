using Npgsql;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Watchlists: a channel's names, one per name whatever its case, and its threshold; each change audited. Run against SQLite and PostgreSQL.</summary>
public abstract class WatchlistStoreTests : ConsoleChannelStoreTest<IWatchlistStore>
{
    private static readonly WatchlistEntry Huawei = new("Huawei Technologies Co., Ltd.", ["Huawei", "华为技术有限公司"], "CN");

    [StoreFact]
    public async Task SaveWatchlistEntryAsync_New_ReturnsNullReadsBackAndAuditsWatchAdd()
    {
        Assert.Null(await Store.SaveWatchlistEntryAsync(Channel, Huawei, StoreTestData.Ada, Ct));

        Assert.Equal(Huawei, Assert.Single((await Store.GetWatchlistAsync(Channel, Ct)).Entries));
        Assert.Equal(new AuditEntry(StoreTestData.Start, StoreTestData.Ada, "watch add", null, Huawei.ToString()), Assert.Single(await AuditAsync()));
    }

    [StoreFact]
    public async Task SaveWatchlistEntryAsync_SameNameInOtherCase_ReplacesTheEntryAndReturnsItAsBefore()
    {
        await Store.SaveWatchlistEntryAsync(Channel, new WatchlistEntry("Acme Trading LLC", ["Acme"], null), StoreTestData.Ada, Ct);
        var changed = new WatchlistEntry("ACME trading llc", [], "AE");

        var before = await Store.SaveWatchlistEntryAsync(Channel, changed, StoreTestData.Bob, Ct);

        Assert.Equal(new WatchlistEntry("Acme Trading LLC", ["Acme"], null), before);
        Assert.Equal(changed, Assert.Single((await Store.GetWatchlistAsync(Channel, Ct)).Entries));
        var entry = (await AuditAsync())[0];
        Assert.Equal((StoreTestData.Bob, "watch add", "Acme Trading LLC (aliases: Acme)", "ACME trading llc [AE]"), (entry.Actor, entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task SaveWatchlistEntryAsync_Identical_ReturnsItAndWritesNoAudit()
    {
        await Store.SaveWatchlistEntryAsync(Channel, Huawei, StoreTestData.Ada, Ct);

        Assert.Equal(Huawei, await Store.SaveWatchlistEntryAsync(Channel, Huawei with { Aliases = ["Huawei", "华为技术有限公司"] }, StoreTestData.Bob, Ct));

        Assert.Single(await AuditAsync());
    }

    [StoreFact]
    public async Task ImportWatchlistAsync_NewChangedAndSame_CountsEachAndAuditsOnlyWhatChanged()
    {
        await Store.SaveWatchlistEntryAsync(Channel, new WatchlistEntry("Acme Trading LLC", [], null), StoreTestData.Ada, Ct);
        await Store.SaveWatchlistEntryAsync(Channel, new WatchlistEntry("Gamma Corp", [], null), StoreTestData.Ada, Ct);

        var import = await Store.ImportWatchlistAsync(Channel,
            [new WatchlistEntry("acme trading llc", [], "AE"), new WatchlistEntry("Beta Labs, Inc.", ["Beta", "BL"], null), new WatchlistEntry("Gamma Corp", [], null)],
            StoreTestData.Bob, Ct);

        Assert.Equal(new WatchlistImport(1, 1, 1), import);
        Assert.Equal(["acme trading llc", "Beta Labs, Inc.", "Gamma Corp"], (await Store.GetWatchlistAsync(Channel, Ct)).Entries.Select(e => e.Name));
        Assert.Equal(2, (await AuditAsync()).Count(a => a.Action == "watch import"));
    }

    [StoreFact]
    public async Task ImportWatchlistAsync_SecondEntryFailsToWrite_NothingIsImported()
    {
        await Database.FailAuditOfAsync("Beta%");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Store.ImportWatchlistAsync(Channel,
            [new WatchlistEntry("Acme Trading LLC", [], null), new WatchlistEntry("Beta Labs", [], null)], StoreTestData.Ada, Ct));

        Assert.Empty((await Store.GetWatchlistAsync(Channel, Ct)).Entries);
        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task RemoveWatchlistEntryAsync_NameInOtherCase_RemovesItReturnsItAndAuditsWatchRemove()
    {
        await Store.SaveWatchlistEntryAsync(Channel, new WatchlistEntry("Acme Trading LLC", ["Acme"], null), StoreTestData.Ada, Ct);

        var removed = await Store.RemoveWatchlistEntryAsync(Channel, "acme TRADING llc", StoreTestData.Bob, Ct);

        Assert.Equal(new WatchlistEntry("Acme Trading LLC", ["Acme"], null), removed);
        Assert.Empty((await Store.GetWatchlistAsync(Channel, Ct)).Entries);
        var entry = (await AuditAsync())[0];
        Assert.Equal(("watch remove", "Acme Trading LLC (aliases: Acme)", null), (entry.Action, entry.Before, entry.After));
    }

    [StoreFact]
    public async Task RemoveWatchlistEntryAsync_Unknown_ReturnsNullAndWritesNoAudit()
    {
        Assert.Null(await Store.RemoveWatchlistEntryAsync(Channel, "Beta Labs", StoreTestData.Ada, Ct));

        Assert.Empty(await AuditAsync());
    }

    [StoreFact]
    public async Task GetWatchlistAsync_Several_ListsThemByNameIgnoringCase()
    {
        await Store.ImportWatchlistAsync(Channel,
            [new WatchlistEntry("zeta", [], null), new WatchlistEntry("Beta", [], null), new WatchlistEntry("acme", [], null), new WatchlistEntry("Delta", [], null)],
            StoreTestData.Ada, Ct);

        Assert.Equal(["acme", "Beta", "Delta", "zeta"], (await Store.GetWatchlistAsync(Channel, Ct)).Entries.Select(e => e.Name));
    }

    [StoreFact]
    public async Task GetWatchlistAsync_AnotherChannelsEntry_IsNotListed()
    {
        var other = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>(), "other");

        await Store.SaveWatchlistEntryAsync(other, Huawei, StoreTestData.Ada, Ct);

        var watchlist = await Store.GetWatchlistAsync(Channel, Ct);
        Assert.Empty(watchlist.Entries);
        Assert.Equal(WatchThreshold.Default, watchlist.Threshold);
    }

    [StoreFact]
    public async Task SetWatchThresholdAsync_NewThenSame_ReturnsTheOneBeforeAndAuditsTheChangeOnce()
    {
        Assert.Equal(WatchThreshold.Default, await Store.SetWatchThresholdAsync(Channel, 0.85, StoreTestData.Ada, Ct));
        Assert.Equal(0.85, await Store.SetWatchThresholdAsync(Channel, 0.85, StoreTestData.Ada, Ct));

        Assert.Equal(0.85, (await Store.GetWatchlistAsync(Channel, Ct)).Threshold);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("watch threshold", "0.9", "0.85"), (entry.Action, entry.Before, entry.After));
    }

    private protected Task<IReadOnlyList<AuditEntry>> AuditAsync() => StoreAs<IAuditStore>().GetRecentAuditAsync(Channel, 100, Ct);
}

public sealed class SqliteWatchlistStoreTests : WatchlistStoreTests;

public sealed class PostgresWatchlistStoreTests : WatchlistStoreTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task Schema_SecondEntryOfANameInOtherCase_RefusedByTheNamedIndex()
    {
        const string insert = """
            INSERT INTO watchlist_entries (channel_id, name, aliases, country, created_at, created_by, created_by_name, updated_at)
            VALUES (@c, @n, '', NULL, now(), 'U1', 'Ada', now())
            """;
        await Database.ExecuteAsync(insert, ("c", Channel), ("n", "Acme Trading LLC"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(insert, ("c", Channel), ("n", "ACME TRADING LLC")));

        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_watchlist_entries_name"), (error.SqlState, error.ConstraintName));
        Assert.Single((await Store.GetWatchlistAsync(Channel, Ct)).Entries);
    }

    [StoreFact]
    public async Task SaveWatchlistEntryAsync_InstancesSavingOneNameAtOnce_OneEntryAndEachChangeAuditedAfterTheOneBefore()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => ((PostgresTestStoreDatabase)Database).OpenInstance(Clock)).ToArray();

        await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            s.SaveWatchlistEntryAsync(Channel, new WatchlistEntry(i % 2 == 0 ? "Acme Trading LLC" : "ACME TRADING LLC", [$"Acme {i}"], null), StoreTestData.Ada, Ct))));

        var entry = Assert.Single((await Store.GetWatchlistAsync(Channel, Ct)).Entries);
        var audit = await AuditAsync();
        Assert.Equal(4, audit.Count);
        Assert.Null(audit[^1].Before);
        Assert.All(audit.Zip(audit.Skip(1)), pair => Assert.Equal(pair.Second.After, pair.First.Before));
        Assert.Equal(entry.ToString(), audit[0].After);
    }
}
