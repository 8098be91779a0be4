using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Observability;
using Quartz;

namespace PolicyWatchBot.Endpoints;

/// <summary><c>GET /healthz</c> and <c>GET /metrics</c>.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", HealthAsync);
        endpoints.MapPolicyWatchMetrics();
        return endpoints;
    }

    internal static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> HealthAsync(
        IStore store, ISchedulerFactory schedulers, FeedCatalog catalog, FeedSecrets secrets, InstanceIdentity instance, CancellationToken cancellationToken)
    {
        var storeOk = await PingAsync(store, cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var schedulerRunning = await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running;
        var states = storeOk ? (await store.GetFeedStatesAsync(cancellationToken)).ToDictionary(s => s.Feed) : [];
        var outages = storeOk ? (await store.GetOpenOutagesAsync(cancellationToken)).ToDictionary(o => o.Feed) : [];

        var feeds = catalog.Feeds.Select(f =>
        {
            var state = states.GetValueOrDefault(f.Id);
            if (secrets.Needs(f) is { } needs)
            {
                return new FeedHealth(f.Id.Value, "needs-secret", state?.LastSuccessAt, state?.LastErrorAt, state?.LastError, state?.ConsecutiveFailures ?? 0, "not polled: " + needs);
            }

            var status = state is null || state.LastPolledAt is null ? "pending"
                : state.IsFailing ? "failing"
                : state.Warning is not null ? "warning"
                : "ok";
            return new FeedHealth(f.Id.Value, status, state?.LastSuccessAt, state?.LastErrorAt, state?.LastError, state?.ConsecutiveFailures ?? 0, state?.Warning)
            {
                Outage = outages.GetValueOrDefault(f.Id) is { } outage ? OutageHealth.Of(outage) : null,
            };
        }).ToList();

        var parked = storeOk ? await store.GetParkedAsync(cancellationToken) : [];
        var refused = catalog.Errors.Select(RefusedFeedFile.Of).ToList();
        var status = !storeOk || !schedulerRunning ? "unhealthy"
            : feeds.Any(f => f.Status is "failing" or "warning") || refused.Count > 0 || parked.Count > 0 ? "degraded"
            : "healthy";
        var report = new HealthReport(
            status,
            storeOk ? "ok" : "unreachable",
            schedulerRunning ? "running" : "stopped",
            feeds.Where(f => f.Status == "failing").Select(f => f.Id).ToList(),
            feeds,
            parked.Select(p => new ParkedHealth(p.Channel.ToString(), p.ChannelName, p.Reason, p.Count, p.NextTry)).ToList(),
            refused)
        {
            Instance = new InstanceHealth(instance.Id, instance.Clustered),
        };
        return status == "unhealthy"
            ? TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(report);
    }

    private static async Task<bool> PingAsync(IStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.PingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// The body of <c>/healthz</c>. <see cref="Status"/> is <c>healthy</c>; <c>degraded</c> when a feed
/// fails or warns, a feed file was refused or posts are parked (still HTTP 200: the bot runs);
/// <c>unhealthy</c> when the store or the scheduler is down (HTTP 503).
/// </summary>
public sealed record HealthReport(
    string Status,
    string Store,
    string Scheduler,
    IReadOnlyList<string> FailingFeeds,
    IReadOnlyList<FeedHealth> Feeds,
    IReadOnlyList<ParkedHealth> Parked,
    IReadOnlyList<RefusedFeedFile> RefusedFeedFiles)
{
    /// <summary>Which instance answered, and whether it shares the work with others on one store.</summary>
    public InstanceHealth? Instance { get; init; }
}

/// <summary>
/// The answering instance: its <see cref="Id"/> (<c>PolicyWatch:InstanceId</c>) and whether it runs
/// <see cref="Clustered"/> (PostgreSQL store: several instances share the polls, reminders and digests).
/// </summary>
public sealed record InstanceHealth(string Id, bool Clustered);

/// <summary>A feed definition file the catalogue refused, and why; its feed does not run.</summary>
public sealed record RefusedFeedFile(string File, string Reason)
{
    /// <summary>Splits a catalogue error (<c>feeds/x.json: schedule.cron: ...</c>) into the file and the reason.</summary>
    public static RefusedFeedFile Of(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? new RefusedFeedFile("", error) : new RefusedFeedFile(error[..colon], error[(colon + 2)..]);
    }
}

/// <summary>Posts of one channel that wait until someone acts (a refused token, the bot not in the channel).</summary>
public sealed record ParkedHealth(string Channel, string ChannelName, string Reason, long Count, DateTimeOffset NextTry);

public sealed record FeedHealth(
    string Id,
    string Status,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    int ConsecutiveFailures,
    string? Warning)
{
    /// <summary>The trouble its subscribed channels were told of and not yet told is over; null when there is none.</summary>
    public OutageHealth? Outage { get; init; }
}

/// <summary>
/// A feed's open outage: <see cref="Cause"/> <c>failing</c> (failed polls in a row) or <c>empty</c>
/// (zero items where it had some); no alerts from it since <see cref="Since"/> (its last good read;
/// null: never read); its channels told at <see cref="ToldAt"/>.
/// </summary>
public sealed record OutageHealth(string Cause, DateTimeOffset? Since, DateTimeOffset ToldAt)
{
    public static OutageHealth Of(FeedOutage outage)
    {
        ArgumentNullException.ThrowIfNull(outage);
        return new(outage.Cause == FeedHealthChange.Empty ? "empty" : "failing", outage.Since, outage.ToldAt);
    }
}
