using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyWatchBot.Delivery;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// Keeps one Quartz trigger at the next digest or reminder time. Digests and reminders are stored
/// in our own tables (so they survive restarts and fire once); Quartz only holds the wake-up, set
/// at start, after each firing, and whenever <see cref="TimedPostsSignal"/> says the times changed.
/// A time already past fires at once (after downtime).
/// </summary>
internal sealed partial class TimedPostsScheduler(
    ISchedulerFactory schedulers,
    TimedPosts posts,
    TimedPostsSignal signal,
    TimeProvider time,
    ILogger<TimedPostsScheduler> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _chain = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _pending = Task.CompletedTask;

    public void Dispose()
    {
        _gate.Dispose();
        _stopping.Dispose();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<TimedPostsJob>().WithIdentity(TimedPostsJob.Key).StoreDurably().RequestRecovery().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        signal.Changed += OnChanged;
        await RescheduleAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        signal.Changed -= OnChanged;
        await _stopping.CancelAsync();
        try
        {
            await _pending.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the next start sets the trigger from the store again.
        }
    }

    /// <summary>Sets the trigger at the next time (or removes it when nothing is planned).</summary>
    public async Task RescheduleAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var next = await posts.NextAtAsync(cancellationToken);
            if (next is not { } at)
            {
                await scheduler.UnscheduleJob(TimedPostsJob.TriggerKey, cancellationToken);
                return;
            }

            var now = time.GetUtcNow();
            var trigger = TriggerBuilder.Create(time)
                .WithIdentity(TimedPostsJob.TriggerKey)
                .ForJob(TimedPostsJob.Key)
                .StartAt(at > now ? at : now)
                .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnChanged()
    {
        lock (_chain)
        {
            _pending = _pending.ContinueWith(_ => RescheduleQuietlyAsync(), TaskScheduler.Default).Unwrap();
        }
    }

    private async Task RescheduleQuietlyAsync()
    {
        try
        {
            await RescheduleAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SchedulerException or ObjectDisposedException)
        {
            LogNotRescheduled(ex.Message);
        }
    }

    [LoggerMessage(1020, LogLevel.Debug, "Timed posts not rescheduled: {Reason}")]
    private partial void LogNotRescheduled(string reason);
}
