using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// Waits until the host's Quartz scheduler runs. The hosted service starts it once the application
/// has started, so right after <c>StartAsync</c> it may still be starting.
/// </summary>
public static class SchedulerStarted
{
    public static async Task WaitAsync(IServiceProvider services, TimeSpan deadline)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(Fixtures.Timeout());
        var listener = new Listener();
        scheduler.ListenerManager.AddSchedulerListener(listener);
        if (await scheduler.GetStatus(Fixtures.Timeout()) == SchedulerStatus.Running)
        {
            return;
        }

        await listener.Started.Task.WaitAsync(deadline);
    }

    private sealed class Listener : ISchedulerListener
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask SchedulerStarted(IScheduler scheduler, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
