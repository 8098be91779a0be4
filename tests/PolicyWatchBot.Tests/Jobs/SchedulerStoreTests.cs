using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;

namespace PolicyWatchBot.Tests.Jobs;

/// <summary>The scheduler <see cref="SchedulerStore"/> configures on SQLite: in memory, one instance.</summary>
public sealed class SchedulerStoreTests
{
    private readonly CancellationToken _ct = Fixtures.Timeout();

    [Fact]
    public async Task Configure_Sqlite_InMemoryStoreNotClusteredUnderOurNameAndInstanceId()
    {
        await using var node = await QuartzNode.CreateAsync(new StorageOptions(), new ClusterOptions(), "web1-42", _ => { }, _ct);

        var metadata = await node.Scheduler.GetMetadata(_ct);

        Assert.Equal(SchedulerStore.SchedulerName, metadata.SchedulerName);
        Assert.Equal("web1-42", metadata.SchedulerInstanceId);
        Assert.False(metadata.JobStorePersistent);
        Assert.False(metadata.JobStoreClustered);
    }

    [Fact]
    public void ClusterOptions_Defaults_TenSecondCheckinsAndTwentySecondThreshold()
    {
        var options = new ClusterOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.CheckinInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.CheckinMisfireThreshold);
    }

    [Fact]
    public void FeedJob_RequestsRecovery()
    {
        var feed = new PolicyWatchBot.Core.Feeds.FeedDefinition
        {
            Id = new PolicyWatchBot.Core.Feeds.FeedId("fr-bis"),
            Title = "BIS",
            Kind = PolicyWatchBot.Core.Feeds.FeedKind.FederalRegister,
            Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
            Schedule = new PolicyWatchBot.Core.Feeds.FeedSchedule { Interval = TimeSpan.FromHours(1) },
            Jurisdiction = "us",
        };

        Assert.True(FeedTriggers.Job(feed).RequestsRecovery);
    }
}

/// <summary>The scheduler <see cref="SchedulerStore"/> configures on PostgreSQL: Quartz's tables, clustered, the schema only validated.</summary>
public sealed class PostgresSchedulerStoreTests : IPostgresStoreTest, IAsyncLifetime
{
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private TempPostgresSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestServer.CreateSchemaAsync(_ct);

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _schema.DisposeAsync();
    }

    [StoreFact]
    public async Task Configure_Postgres_PersistentClusteredStoreUnderOurNameAndInstanceId()
    {
        await MigrateAsync();
        await using var node = await QuartzNode.CreateAsync(QuartzNode.Postgres(_schema.ConnectionString), new ClusterOptions(), "web2-7", _ => { }, _ct);
        await node.StartAsync(_ct);

        var metadata = await node.Scheduler.GetMetadata(_ct);

        Assert.Equal(SchedulerStore.SchedulerName, metadata.SchedulerName);
        Assert.Equal("web2-7", metadata.SchedulerInstanceId);
        Assert.True(metadata.JobStorePersistent);
        Assert.True(metadata.JobStoreClustered);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = 'policywatch' AND instance_name = 'web2-7'"));
    }

    [StoreFact]
    public async Task Start_SchemaNotMigrated_RefusedAndNoQuartzTableCreated()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var node = await QuartzNode.CreateAsync(QuartzNode.Postgres(_schema.ConnectionString), new ClusterOptions(), "web2-7", _ => { }, _ct);
            await node.StartAsync(_ct);
        });

        Assert.Contains("schema validation failed", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("qrtz_", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{_schema.Schema}' AND tablename LIKE 'qrtz%'"));
    }

    private async Task MigrateAsync()
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        await PolicyWatchBot.Storage.Postgres.PostgresMigrator.MigrateAsync(connection, _ct);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(_ct))!;
    }
}
