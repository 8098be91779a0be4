using System.Diagnostics.Metrics;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Observability;

/// <summary>
/// The gauges read from the database: the outbox by status, pending digests, and each feed's
/// consecutive failures. Gauges are observed synchronously, so they show the last
/// <see cref="RefreshAsync"/>: before every <c>/metrics</c> scrape, and on a timer when metrics go
/// out over OTLP. Nothing is shown while the store does not answer (health says why).
/// </summary>
public sealed class StoreGauges
{
    private readonly IStore _store;
    private volatile Snapshot _current = new(null, []);

    public StoreGauges(IStore store, PolicyWatchMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _store = store;
        metrics.Meter.CreateObservableGauge("policywatch_outbox_alerts", OutboxAlerts, description: "Alerts in the outbox by status (pending, sent, failed, parked, muted, grouped).");
        metrics.Meter.CreateObservableGauge("policywatch_outbox_digests_pending", DigestsPending, description: "Grouped messages waiting to be sent.");
        metrics.Meter.CreateObservableGauge("policywatch_feed_consecutive_failures", FeedFailures, description: "Polls of each feed that failed in a row (0 once it succeeds).");
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _store.PingAsync(cancellationToken))
            {
                _current = new Snapshot(await _store.GetOutboxCountsAsync(cancellationToken), await _store.GetFeedStatesAsync(cancellationToken));
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down: /healthz reports it; the gauges show nothing rather than stale numbers.
        }

        _current = new Snapshot(null, []);
    }

    private IEnumerable<Measurement<long>> OutboxAlerts()
    {
        if (_current.Outbox is not { } outbox)
        {
            yield break;
        }

        yield return Status("pending", outbox.Pending);
        yield return Status("sent", outbox.Sent);
        yield return Status("failed", outbox.Failed);
        yield return Status("parked", outbox.Parked);
        yield return Status("muted", outbox.Muted);
        yield return Status("grouped", outbox.Grouped);
    }

    private IEnumerable<Measurement<long>> DigestsPending() =>
        _current.Outbox is { } outbox ? [new Measurement<long>(outbox.PendingDigests)] : [];

    private IEnumerable<Measurement<long>> FeedFailures() =>
        _current.Feeds.Select(f => new Measurement<long>(f.ConsecutiveFailures, new KeyValuePair<string, object?>("feed", f.Feed.Value)));

    private static Measurement<long> Status(string status, long count) => new(count, new KeyValuePair<string, object?>("status", status));

    private sealed record Snapshot(OutboxCounts? Outbox, IReadOnlyList<FeedState> Feeds);
}
