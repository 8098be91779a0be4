using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// Delivers the outbox: claims due posts (alerts, digests, and updates of sent messages) with a
/// lease, hands each to its platform's sink, and records the outcome. Nothing is dropped: a failed
/// send waits with backoff and is retried. Each round first offers the alerts of mutes that ran out.
/// </summary>
internal sealed class AlertDispatcher(
    IStore store,
    IEnumerable<IAlertSink> sinks,
    HeldAlertRelease heldAlerts,
    OutboxSignal signal,
    PolicyWatchMetrics metrics,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, IAlertSink> _sinks = sinks.ToDictionary(s => s.Platform, StringComparer.Ordinal);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Delivers every post due now; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await heldAlerts.ReleaseLapsedAsync(cancellationToken);
        var settings = options.Value;
        var claimed = await store.ClaimDueAsync(_owner, time.GetUtcNow(), settings.Lease, settings.BatchSize, cancellationToken);
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
        var next = Earliest(await store.GetNextDueAsync(cancellationToken), await store.GetNextMuteEndAsync(cancellationToken));
        if (next is null)
        {
            return idle;
        }

        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : wait < idle ? wait : idle;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private async Task DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var platform = entry.Channel.Platform;
        var postId = entry.Post.PostId;
        var feed = entry.Post is AlertMessage alert ? alert.FeedId : "(digest)";
        DeliveryOutcome outcome;
        if (!_sinks.TryGetValue(platform, out var sink))
        {
            outcome = new DeliveryOutcome.Retry($"{platform} is not configured on this instance (no credentials)", options.Value.MaxRetryDelay);
        }
        else
        {
            try
            {
                outcome = entry.Ref.Work == OutboxWork.Update
                    ? await sink.UpdateAsync(entry, cancellationToken)
                    : await sink.SendAsync(entry, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.SinkThrew(postId, ex);
                outcome = new DeliveryOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        // Outcomes are recorded even while shutting down: a sent alert must never be sent again.
        switch (outcome)
        {
            case DeliveryOutcome.Sent sent:
                await store.MarkSentAsync(entry.Ref, _owner, sent.PlatformMessageId, time.GetUtcNow(), CancellationToken.None);
                metrics.AlertSent(platform, feed);
                logger.Delivered(postId, entry.Channel.ToString());
                break;
            case DeliveryOutcome.Retry retry:
                var retryAt = time.GetUtcNow() + (retry.After ?? Backoff(entry.Attempts));
                await store.MarkRetryAsync(entry.Ref, _owner, retryAt, retry.Reason, CancellationToken.None);
                metrics.AlertRetried(platform, feed);
                logger.WillRetry(postId, entry.Channel.ToString(), entry.Attempts, retry.Reason, retryAt);
                break;
            case DeliveryOutcome.Failed failed:
                await store.MarkFailedAsync(entry.Ref, _owner, failed.Reason, CancellationToken.None);
                metrics.AlertFailed(platform, feed);
                logger.Undeliverable(postId, entry.Channel.ToString(), failed.Reason);
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
