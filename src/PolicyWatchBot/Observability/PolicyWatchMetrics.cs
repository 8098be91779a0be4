using System.Diagnostics.Metrics;

namespace PolicyWatchBot.Observability;

/// <summary>
/// The bot's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/> (made by the
/// host's <see cref="IMeterFactory"/>, so each host counts only its own work). <c>GET /metrics</c>
/// exports them as Prometheus text: a counter gains <c>_total</c>, a histogram in seconds gains
/// <c>_seconds</c> (<c>policywatch_polls</c> → <c>policywatch_polls_total</c>). The outbox and feed
/// gauges are in <see cref="StoreGauges"/>.
/// </summary>
public sealed class PolicyWatchMetrics
{
    public const string MeterName = "PolicyWatchBot";

    // Seconds: a poll takes a fraction of a second to a minute (the fetch timeout).
    private static readonly double[] PollBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    // Seconds: a post goes in well under a second, unless a platform rate-limits, fails or is parked for hours.
    private static readonly double[] DeliveryBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400];

    // Seconds: public inspection and feeds are minutes old when polled; a date-only publication counts from its midnight.
    private static readonly double[] AgeBuckets = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 604800];

    private readonly Counter<long> _polls;
    private readonly Counter<long> _itemsNew;
    private readonly Counter<long> _itemsChanged;
    private readonly Counter<long> _alertsQueued;
    private readonly Counter<long> _alertsSent;
    private readonly Counter<long> _alertsFailed;
    private readonly Counter<long> _alertsRetried;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _claims;
    private readonly Counter<long> _leaseExpiries;
    private readonly Histogram<double> _pollDuration;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Histogram<double> _alertAge;

    public PolicyWatchMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        _polls = Meter.CreateCounter<long>("policywatch_polls", description: "Polls of each feed, by outcome (Polled, NotModified, BodyUnchanged, SkippedBackingOff, Failed).");
        _itemsNew = Meter.CreateCounter<long>("policywatch_items_new", description: "New items (and corrections) found in each feed.");
        _itemsChanged = Meter.CreateCounter<long>("policywatch_items_changed", description: "Items of each feed that changed (revised, published, withdrawn).");
        _alertsQueued = Meter.CreateCounter<long>("policywatch_alerts_queued", description: "Alerts queued in the outbox, by feed.");
        _alertsSent = Meter.CreateCounter<long>("policywatch_alerts_sent", description: "Posts the platform confirmed, by feed and platform.");
        _alertsFailed = Meter.CreateCounter<long>("policywatch_alerts_failed", description: "Posts that can never go (a deleted channel), by feed and platform.");
        _alertsRetried = Meter.CreateCounter<long>("policywatch_alerts_retried", description: "Sends that did not go and wait for a retry or are parked, by feed and platform.");
        _commands = Meter.CreateCounter<long>("policywatch_commands", description: "Chat commands by platform, verb and outcome (Done, Refused, Invalid, Failed); unparsed text is verb (malformed).");
        _claims = Meter.CreateCounter<long>("policywatch_claims", description: "Posts this instance claimed from the outbox to send, by instance id.");
        _leaseExpiries = Meter.CreateCounter<long>("policywatch_lease_expiries", description: "Claims of this instance that took over a post whose earlier claim's lease had run out (its instance died or stalled), by instance id.");
        _pollDuration = Meter.CreateHistogram("policywatch_poll_duration", "s", "How long one poll of a feed took, fetch to commit.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PollBuckets });
        _deliveryLatency = Meter.CreateHistogram("policywatch_delivery_latency", "s", "From a post queued in the outbox to its platform confirming it, by platform.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DeliveryBuckets });
        _alertAge = Meter.CreateHistogram("policywatch_alert_age", "s", "From the source publishing an item to its alert posted, by feed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AgeBuckets });
    }

    /// <summary>The one meter; <see cref="StoreGauges"/> adds its observable gauges to it.</summary>
    internal Meter Meter { get; }

    public void PollCompleted(string feed, string outcome, TimeSpan took)
    {
        _polls.Add(1, Tag("feed", feed), Tag("outcome", outcome));
        _pollDuration.Record(took.TotalSeconds, Tag("feed", feed));
    }

    public void ItemsDiffed(string feed, int @new, int changed)
    {
        _itemsNew.Add(@new, Tag("feed", feed));
        _itemsChanged.Add(changed, Tag("feed", feed));
    }

    public void AlertsQueued(string feed, int count) => _alertsQueued.Add(count, Tag("feed", feed));

    /// <param name="platform">Where it went.</param>
    /// <param name="feed">The alert's feed, <c>(digest)</c> for a grouped message.</param>
    /// <param name="latency">Queued to confirmed; null when the queue time is not known.</param>
    /// <param name="age">The source's publication to now, for a first send of an alert whose source dates it.</param>
    public void AlertSent(string platform, string feed, TimeSpan? latency = null, TimeSpan? age = null)
    {
        _alertsSent.Add(1, Tag("feed", feed), Tag("platform", platform));
        if (latency is { } queued)
        {
            _deliveryLatency.Record(Math.Max(0, queued.TotalSeconds), Tag("platform", platform));
        }

        if (age is { } old)
        {
            _alertAge.Record(Math.Max(0, old.TotalSeconds), Tag("feed", feed));
        }
    }

    public void AlertFailed(string platform, string feed) => _alertsFailed.Add(1, Tag("feed", feed), Tag("platform", platform));

    public void AlertRetried(string platform, string feed) => _alertsRetried.Add(1, Tag("feed", feed), Tag("platform", platform));

    public void CommandHandled(string platform, string verb, string outcome) =>
        _commands.Add(1, Tag("platform", platform), Tag("verb", verb), Tag("outcome", outcome));

    /// <param name="instance">The claiming instance's id (<c>PolicyWatch:InstanceId</c>).</param>
    /// <param name="claimed">Posts claimed.</param>
    /// <param name="leaseExpiries">Of those, the ones taken over from a lapsed lease.</param>
    public void PostsClaimed(string instance, int claimed, int leaseExpiries)
    {
        _claims.Add(claimed, Tag("instance_id", instance));
        _leaseExpiries.Add(leaseExpiries, Tag("instance_id", instance));
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
