using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// Delivers the outbox: claims due alerts with a lease, hands each to its platform's sink, and
/// records the outcome. Nothing is dropped: a failed send waits with backoff and is retried.
/// </summary>
internal sealed class AlertDispatcher(
    IStore store,
    IEnumerable<IAlertSink> sinks,
    OutboxSignal signal,
    PolicyWatchMetrics metrics,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, IAlertSink> _sinks = sinks.ToDictionary(s => s.Platform, StringComparer.Ordinal);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Delivers every alert due now; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await store.ClaimDueAlertsAsync(_owner, time.GetUtcNow(), settings.Lease, settings.BatchSize, cancellationToken);
        foreach (var alert in claimed)
        {
            await DeliverAsync(alert, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>Delivers until nothing is due now (used by <c>poll --once</c> before it exits).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await RunOnceAsync(cancellationToken) > 0)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) == options.Value.BatchSize)
                {
                    continue;
                }

                await signal.WaitAsync(await DelayUntilNextDueAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LoopFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    private async Task<TimeSpan> DelayUntilNextDueAsync(CancellationToken cancellationToken)
    {
        var idle = options.Value.IdlePoll;
        var next = await store.GetNextDueAsync(cancellationToken);
        if (next is null)
        {
            return idle;
        }

        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : wait < idle ? wait : idle;
    }

    private async Task DeliverAsync(OutboxEntry alert, CancellationToken cancellationToken)
    {
        var platform = alert.Channel.Platform;
        DeliveryOutcome outcome;
        if (!_sinks.TryGetValue(platform, out var sink))
        {
            outcome = new DeliveryOutcome.Retry($"{platform} is not configured on this instance (no credentials)", options.Value.MaxRetryDelay);
        }
        else
        {
            try
            {
                outcome = await sink.SendAsync(alert, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.SinkThrew(alert.Message.AlertId, ex);
                outcome = new DeliveryOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        // Outcomes are recorded even while shutting down: a sent alert must never be sent again.
        switch (outcome)
        {
            case DeliveryOutcome.Sent sent:
                await store.MarkSentAsync(alert.Id, _owner, sent.PlatformMessageId, time.GetUtcNow(), CancellationToken.None);
                metrics.AlertSent(platform, alert.Message.FeedId);
                logger.Delivered(alert.Message.AlertId, alert.Channel.ToString());
                break;
            case DeliveryOutcome.Retry retry:
                var retryAt = time.GetUtcNow() + (retry.After ?? Backoff(alert.Attempts));
                await store.MarkRetryAsync(alert.Id, _owner, retryAt, retry.Reason, CancellationToken.None);
                metrics.AlertRetried(platform, alert.Message.FeedId);
                logger.WillRetry(alert.Message.AlertId, alert.Channel.ToString(), alert.Attempts, retry.Reason, retryAt);
                break;
            case DeliveryOutcome.Failed failed:
                await store.MarkFailedAsync(alert.Id, _owner, failed.Reason, CancellationToken.None);
                metrics.AlertFailed(platform, alert.Message.FeedId);
                logger.Undeliverable(alert.Message.AlertId, alert.Channel.ToString(), failed.Reason);
                break;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var delay = TimeSpan.FromTicks(settings.FirstRetryDelay.Ticks << Math.Clamp(attempts - 1, 0, 16));
        return delay > settings.MaxRetryDelay ? settings.MaxRetryDelay : delay;
    }
}
