using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Storage;
using Quartz;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// One bot instance's Quartz scheduler, in a container of its own, configured by the product's
/// <see cref="SchedulerStore"/> on the given store: several of them on one PostgreSQL schema are a
/// cluster inside one test process. Created in standby; <see cref="StartAsync"/> starts it.
/// </summary>
internal sealed class QuartzNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private QuartzNode(string id, ServiceProvider services, IScheduler scheduler)
    {
        Id = id;
        _services = services;
        Scheduler = scheduler;
        Factory = services.GetRequiredService<ISchedulerFactory>();
    }

    /// <summary>The factory the bot's hosted services take the scheduler from.</summary>
    public ISchedulerFactory Factory { get; }

    public string Id { get; }

    public IScheduler Scheduler { get; }

    public static async Task<QuartzNode> CreateAsync(
        StorageOptions storage, ClusterOptions cluster, string id, Action<IServiceCollection> services, CancellationToken cancellationToken)
    {
        var collection = new ServiceCollection().AddLogging();
        services(collection);
        collection.AddQuartz(q => SchedulerStore.Configure(q, storage, cluster, id));
        var provider = collection.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        return new QuartzNode(id, provider, scheduler);
    }

    public static StorageOptions Postgres(string connectionString) => new() { Provider = "Postgres", ConnectionString = connectionString };

    public async Task StartAsync(CancellationToken cancellationToken) => await Scheduler.Start(cancellationToken);

    /// <summary>Stops at once, running jobs left running and nothing handed over: as far as the cluster can tell, the instance died.</summary>
    public async Task KillAsync() => await Scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (Scheduler.Status is not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown))
        {
            await Scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}

/// <summary>One run of a test job: on which instance, for which slot, whether as a recovery, and when (Stopwatch ticks).</summary>
internal sealed record Firing(string Instance, string Job, DateTimeOffset? Slot, bool Recovering, long At);

/// <summary>Every run of the test jobs across the nodes of one test, and waits on them without sleeping.</summary>
internal sealed class Firings
{
    private readonly ConcurrentQueue<Firing> _all = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<IReadOnlyList<Firing>, bool> Done, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<Firing> All => [.. _all];

    public void Add(IJobExecutionContext context)
    {
        _all.Enqueue(new Firing(context.Scheduler.SchedulerInstanceId, context.JobDetail.Key.Name, context.ScheduledFireTimeUtc, context.Recovering, Stopwatch.GetTimestamp()));
        lock (_lock)
        {
            foreach (var waiter in _waiters.Where(w => w.Done(All)).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public async Task WaitForAsync(Func<IReadOnlyList<Firing>, bool> done, TimeSpan deadline)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (done(All))
            {
                return;
            }

            _waiters.Add((done, signal));
        }

        await signal.Task.WaitAsync(deadline);
    }
}

/// <summary>Records its run.</summary>
internal sealed class RecordingJob(Firings firings) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        firings.Add(context);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records its run; a first run then hangs until the test opens the gate (a poll in flight when its instance dies).</summary>
internal sealed class HangingJob(Firings firings, HangingJob.Gate gate) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        firings.Add(context);
        if (!context.Recovering)
        {
            // Deaf to the token on purpose: a dead instance does not unwind its jobs.
            await gate.Opened.Task;
        }
    }

    public sealed class Gate
    {
        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Completes when a trigger fired its last time on any node it is added to.</summary>
internal sealed class LastFiring(TriggerKey key) : ISchedulerListener
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask TriggerFinalized(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken = default)
    {
        if (trigger.Key.Equals(key))
        {
            Done.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
