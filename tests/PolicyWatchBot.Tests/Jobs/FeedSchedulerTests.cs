using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;

namespace PolicyWatchBot.Tests.Jobs;

/// <summary>
/// The start-up reconcile of the feeds' schedules against the scheduler's store: a schedule the
/// feed file did not change is kept with its next fire time (a restarted instance must not move
/// the next poll of the others), a changed one is replaced, a feed gone from the catalogue is
/// removed. Written once, run on the in-memory store and on the clustered PostgreSQL one.
/// </summary>
public abstract class FeedSchedulerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TempSqliteDatabase _database = new();
    private readonly List<QuartzNode> _nodes = [];

    protected CancellationToken Ct { get; } = Fixtures.Timeout();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _database.Dispose();
    }

    /// <summary>The store the scheduler keeps its triggers in.</summary>
    protected abstract StorageOptions SchedulerStorage { get; }

    [StoreFact]
    public async Task Start_SameScheduleLater_KeepsTheStoredNextFireTime()
    {
        var node = await NodeAsync("node-a");
        await ReconcileAsync(node, Feed("fr-bis", TimeSpan.FromHours(1)));
        var first = await NextFireAsync(node, "fr-bis");

        _clock.Advance(TimeSpan.FromMinutes(20));
        await ReconcileAsync(await RestartedAsync(node, "node-b"), Feed("fr-bis", TimeSpan.FromHours(1)));

        Assert.Equal(first, await NextFireAsync(_nodes[^1], "fr-bis"));
        Assert.True(first > Start + TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
    }

    [StoreFact]
    public async Task Start_ScheduleChangedInTheFeedFile_ReplacesTheTrigger()
    {
        var node = await NodeAsync("node-a");
        await ReconcileAsync(node, Feed("fr-bis", TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(20));
        var restarted = await RestartedAsync(node, "node-b");
        await ReconcileAsync(restarted, Feed("fr-bis", TimeSpan.FromHours(6)));

        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await restarted.Scheduler.GetTrigger(FeedTriggers.ScheduleKey(new FeedId("fr-bis")), Ct));
        Assert.Equal(TimeSpan.FromHours(6), trigger.RepeatInterval);
        Assert.InRange(trigger.NextFireTimeUtc!.Value, _clock.GetUtcNow() + TimeSpan.FromHours(6), _clock.GetUtcNow() + TimeSpan.FromHours(6) + TimeSpan.FromSeconds(30));
    }

    [StoreFact]
    public async Task Start_FeedGoneFromTheCatalogue_ItsJobRemovedTheOthersKept()
    {
        var node = await NodeAsync("node-a");
        await ReconcileAsync(node, Feed("fr-bis", TimeSpan.FromHours(1)), Feed("fr-ofac", TimeSpan.FromHours(1)));
        var kept = await NextFireAsync(node, "fr-ofac");

        _clock.Advance(TimeSpan.FromMinutes(5));
        var restarted = await RestartedAsync(node, "node-b");
        await ReconcileAsync(restarted, Feed("fr-ofac", TimeSpan.FromHours(1)));

        Assert.False(await restarted.Scheduler.Exists(new JobKey("fr-bis", PollFeedJob.Group), Ct));
        Assert.Equal(kept, await NextFireAsync(restarted, "fr-ofac"));
    }

    private static FeedDefinition Feed(string id, TimeSpan interval) => new()
    {
        Id = new FeedId(id),
        Title = "Test feed " + id,
        Kind = FeedKind.FederalRegister,
        Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
        Schedule = new FeedSchedule { Interval = interval },
        Jurisdiction = "us",
    };

    /// <summary>
    /// The same store seen again after a restart: on PostgreSQL another instance on the same
    /// tables; in memory the same scheduler (a new in-memory one would start empty, as the bot does on SQLite).
    /// </summary>
    private protected abstract Task<QuartzNode> RestartedAsync(QuartzNode node, string id);

    private protected async Task<QuartzNode> NodeAsync(string id)
    {
        var node = await QuartzNode.CreateAsync(SchedulerStorage, new ClusterOptions(), id, services => services.AddSingleton<TimeProvider>(_clock), Ct);
        _nodes.Add(node);
        return node;
    }

    private async Task ReconcileAsync(QuartzNode node, params FeedDefinition[] feeds)
    {
        var options = Options.Create(new FeedOptions { PollOnStart = false });
        var store = _database.CreateStore(_clock);
        await store.MigrateAsync(Ct);
        var scheduler = new FeedScheduler(
            node.Factory, new FeedCatalog(feeds, []), store, new FeedSecrets(options), options, _clock,
            NullLogger<FeedScheduler>.Instance);
        await scheduler.StartAsync(Ct);
    }

    private async Task<DateTimeOffset?> NextFireAsync(QuartzNode node, string feed) =>
        (await node.Scheduler.GetTrigger(FeedTriggers.ScheduleKey(new FeedId(feed)), Ct))?.NextFireTimeUtc;
}

public sealed class InMemoryFeedSchedulerTests : FeedSchedulerTests
{
    protected override StorageOptions SchedulerStorage { get; } = new();

    private protected override Task<QuartzNode> RestartedAsync(QuartzNode node, string id) => Task.FromResult(node);
}

public sealed class PostgresFeedSchedulerTests : FeedSchedulerTests, IPostgresStoreTest
{
    private TempPostgresSchema _schema = null!;

    protected override StorageOptions SchedulerStorage => QuartzNode.Postgres(_schema.ConnectionString);

    public override async Task InitializeAsync()
    {
        _schema = await PostgresTestServer.CreateSchemaAsync(Ct);
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(Ct);
        await PostgresMigrator.MigrateAsync(connection, Ct);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _schema.DisposeAsync();
    }

    private protected override Task<QuartzNode> RestartedAsync(QuartzNode node, string id) => NodeAsync(id);
}
