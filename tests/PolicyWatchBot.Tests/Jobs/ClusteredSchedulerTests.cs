using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Jobs;

/// <summary>
/// Real Quartz schedulers configured by <see cref="SchedulerStore"/> on one migrated PostgreSQL
/// schema, as bot instances sharing a database: every slot of a schedule fires on one of them, and
/// a job in flight on an instance that dies runs again on another once the cluster counts it dead.
/// Long (tens of seconds of real clock each), still part of <c>dotnet test</c>.
/// </summary>
[Trait("Category", "Long")]
public sealed class ClusteredSchedulerTests(ITestOutputHelper output) : IPostgresStoreTest, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly CancellationToken _ct = Fixtures.Timeout(180);
    private readonly Firings _firings = new();
    private readonly HangingJob.Gate _gate = new();
    private readonly List<QuartzNode> _nodes = [];
    private TempPostgresSchema _schema = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestServer.CreateSchemaAsync(_ct);
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        await PostgresMigrator.MigrateAsync(connection, _ct);
    }

    public async Task DisposeAsync()
    {
        _gate.Opened.TrySetResult();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await _schema.DisposeAsync();
    }

    [StoreFact]
    public async Task ThreeInstances_AnIntervalSchedule_EverySlotFiresOnExactlyOneInstance()
    {
        const int Slots = 10;
        // A threshold well above the interval: on a busy machine a late check-in must not pass for a death.
        var cluster = new ClusterOptions { CheckinInterval = TimeSpan.FromSeconds(1), CheckinMisfireThreshold = TimeSpan.FromSeconds(15) };
        var nodes = await StartNodesAsync(cluster, "node-a", "node-b", "node-c");
        var key = new TriggerKey("tick", "test");
        var finalized = new LastFiring(key);
        foreach (var node in nodes)
        {
            node.Scheduler.ListenerManager.AddSchedulerListener(finalized);
        }

        var job = JobBuilder.Create<RecordingJob>().WithIdentity("tick", "test").RequestRecovery().Build();
        var trigger = TriggerBuilder.Create(TimeProvider.System)
            .WithIdentity(key)
            .StartAt(TimeProvider.System.GetUtcNow().AddSeconds(2))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).WithRepeatCount(Slots - 1))
            .Build();
        await nodes[0].Scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), _ct);

        // Halfway, the instance that fired last stops taking work: the other two carry the schedule on.
        await _firings.WaitForAsync(f => f.Count >= Slots / 2, Deadline);
        var busiest = nodes.Single(n => n.Id == _firings.All[^1].Instance);
        await busiest.Scheduler.Standby(_ct);
        await finalized.Done.Task.WaitAsync(Deadline, _ct);

        var firings = _firings.All;
        output.WriteLine(string.Join(", ", firings.GroupBy(f => f.Instance).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.Equal(Slots, firings.Count);
        Assert.Equal(Slots, firings.Select(f => f.Slot).Distinct().Count());
        Assert.All(firings, f => Assert.False(f.Recovering));
        Assert.All(firings, f => Assert.Contains(f.Instance, nodes.Select(n => n.Id)));
        Assert.True(firings.Select(f => f.Instance).Distinct().Count() >= 2, "the schedule went on on another instance");
    }

    [StoreFact]
    public async Task InstanceDiesMidJob_AnotherRunsItAgainAsARecoveryWithinCheckinAndThreshold()
    {
        var cluster = new ClusterOptions { CheckinInterval = TimeSpan.FromSeconds(1), CheckinMisfireThreshold = TimeSpan.FromSeconds(3) };
        var doomed = (await StartNodesAsync(cluster, "node-a"))[0];
        var job = JobBuilder.Create<HangingJob>().WithIdentity("poll", "test").RequestRecovery().Build();
        var key = new TriggerKey("poll", "test");
        var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity(key).StartNow().Build();
        await doomed.Scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), _ct);
        await _firings.WaitForAsync(f => f.Count == 1, Deadline);
        var survivors = await StartNodesAsync(cluster, "node-b", "node-c");

        await doomed.KillAsync();
        var killedAt = Stopwatch.GetTimestamp();
        await _firings.WaitForAsync(f => f.Any(r => r.Recovering), Deadline);
        var recovery = Assert.Single(_firings.All, f => f.Recovering);
        var tookOver = Stopwatch.GetElapsedTime(killedAt, recovery.At);
        output.WriteLine($"recovered on {recovery.Instance} {tookOver.TotalSeconds:0.00} s after the kill");

        var first = Assert.Single(_firings.All, f => !f.Recovering);
        Assert.Equal("node-a", first.Instance);
        Assert.Contains(recovery.Instance, survivors.Select(n => n.Id));
        Assert.Equal("poll", recovery.Job);
        // Counted dead CheckinInterval + CheckinMisfireThreshold after its last check-in (which was
        // at most one interval before the kill), seen at a survivor's next check-in (one interval).
        Assert.InRange(tookOver, TimeSpan.Zero, cluster.CheckinInterval + cluster.CheckinMisfireThreshold + cluster.CheckinInterval + TimeSpan.FromSeconds(1));
    }

    private async Task<List<QuartzNode>> StartNodesAsync(ClusterOptions cluster, params string[] ids)
    {
        var started = new List<QuartzNode>();
        foreach (var id in ids)
        {
            var node = await QuartzNode.CreateAsync(QuartzNode.Postgres(_schema.ConnectionString), cluster, id, services => services
                .AddSingleton(_firings)
                .AddSingleton(_gate)
                .AddTransient<RecordingJob>()
                .AddTransient<HangingJob>(), _ct);
            _nodes.Add(node);
            await node.StartAsync(_ct);
            started.Add(node);
        }

        return started;
    }
}
