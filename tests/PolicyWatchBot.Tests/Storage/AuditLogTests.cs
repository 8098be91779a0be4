using Microsoft.Data.Sqlite;
using PolicyWatchBot.Audit;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The audit log opened read-only for export, on each store: its channels, and its rows streamed in append order.</summary>
public abstract class AuditLogTests : ConsoleChannelStoreTest<IAuditStore>
{
    [StoreFact]
    public async Task ReadAsync_EveryChannel_StreamsEachRowInAppendOrderWithItsChannel()
    {
        var desk = await StoreAs<IChannelStore>().EnsureChannelAsync(new ChannelKey("slack", "T0001", "C0001"), "#desk", Ct);
        await StoreAs<IChannelStore>().AddSubscriptionAsync(desk, "fr-bis", StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.AppendAuditAsync(Channel, StoreTestData.Bob, "mute released", "rule chips", "3 alerts", Ct);
        await Database.ExecuteAsync("""
            INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after)
            VALUES ('2026-03-02T09:05:00.0000000Z', NULL, 'config', 'configuration', 'rule add', NULL, 'chips: semiconduct*')
            """);

        var rows = await ReadAsync(null, null);

        Assert.Equal(3, rows.Count);
        Assert.True(rows[0].Id < rows[1].Id && rows[1].Id < rows[2].Id);
        Assert.Equal((StoreTestData.Start, new ChannelKey("slack", "T0001", "C0001"), "#desk", "U1", "Ada", "subscribe", null, "fr-bis"),
            (rows[0].At, rows[0].Channel, rows[0].ChannelName, rows[0].UserId, rows[0].UserName, rows[0].Action, rows[0].Before, rows[0].After));
        Assert.Equal((StoreTestData.Start.AddMinutes(1), ChannelKey.Console("alerts"), "mute released", "rule chips", "3 alerts"),
            (rows[1].At, rows[1].Channel, rows[1].Action, rows[1].Before, rows[1].After));
        Assert.Equal(((ChannelKey?)null, (string?)null, TimeSpan.Zero), (rows[2].Channel, rows[2].ChannelName, rows[2].At.Offset));
    }

    [StoreFact]
    public async Task ReadAsync_OneChannelSinceAnInstant_OnlyItsRowsFromThen()
    {
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "first", null, null, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "second", null, null, Ct);
        var other = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>(), "other");
        await Store.AppendAuditAsync(other, StoreTestData.Ada, "elsewhere", null, null, Ct);

        Assert.Equal(["second"], (await ReadAsync(Channel, Now)).Select(r => r.Action));
        Assert.Equal(["second", "elsewhere"], (await ReadAsync(null, Now)).Select(r => r.Action));
        Assert.Equal(["first", "second"], (await ReadAsync(Channel, null)).Select(r => r.Action));
    }

    [StoreFact]
    public async Task GetChannelsAsync_SeveralChannels_ListsEachByIdWithItsName()
    {
        var desk = await StoreAs<IChannelStore>().EnsureChannelAsync(new ChannelKey("slack", "T0001", "C0001"), "#desk", Ct);

        await using var log = await OpenLogAsync();

        Assert.Equal([new AuditChannel(Channel, ChannelKey.Console("alerts"), "alerts"), new AuditChannel(desk, new ChannelKey("slack", "T0001", "C0001"), "#desk")],
            await log.GetChannelsAsync(Ct));
    }

    /// <summary>The store's database opened as <c>audit export</c> opens it.</summary>
    private protected abstract Task<IAuditLog> OpenLogAsync();

    private async Task<List<AuditLogRow>> ReadAsync(long? channel, DateTimeOffset? since)
    {
        await using var log = await OpenLogAsync();
        var rows = new List<AuditLogRow>();
        await foreach (var row in log.ReadAsync(channel, since, Ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}

public sealed class SqliteAuditLogTests : AuditLogTests
{
    private protected override async Task<IAuditLog> OpenLogAsync() =>
        await SqliteAuditLog.OpenReadOnlyAsync(new SqliteConnectionStringBuilder(((SqliteTestStoreDatabase)Database).ConnectionString).DataSource, Ct);
}

public sealed class PostgresAuditLogTests : AuditLogTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task ReadAsync_RowAppendedWhileExporting_IsLeftForTheNextExport()
    {
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "before the export", null, null, Ct);
        await using var log = await OpenLogAsync();
        Assert.Single(await log.GetChannelsAsync(Ct));

        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "during the export", null, null, Ct);

        var read = new List<string>();
        await foreach (var row in log.ReadAsync(null, null, Ct))
        {
            read.Add(row.Action);
        }

        Assert.Equal(["before the export"], read);
    }

    [StoreFact]
    public async Task OpenReadOnlyAsync_SchemaWithoutTheStore_IsRefusedAndCreatesNothing()
    {
        await using var empty = await PostgresTestServer.CreateSchemaAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PostgresAuditLog.OpenReadOnlyAsync(empty.ConnectionString, Ct));

        Assert.Contains("no audit log", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @s", ("s", empty.Schema)));
    }

    private protected override async Task<IAuditLog> OpenLogAsync() =>
        await PostgresAuditLog.OpenReadOnlyAsync(((PostgresTestStoreDatabase)Database).ConnectionString, Ct);
}
