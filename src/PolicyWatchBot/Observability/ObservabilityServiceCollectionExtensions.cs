using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace PolicyWatchBot.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The standard OTLP setting; metrics also go out over OTLP when it is set.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The instruments, for every verb (one-shot verbs record too, they just export nothing).</summary>
    public static IServiceCollection AddPolicyWatchMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PolicyWatchMetrics>();
        services.AddSingleton<StoreGauges>();
        return services;
    }

    /// <summary>
    /// The worker's export: the Prometheus text of <c>GET /metrics</c> and, when
    /// <see cref="OtlpEndpointKey"/> is set (in the environment or configuration), OTLP with the
    /// standard <c>OTEL_EXPORTER_OTLP_*</c> and <c>OTEL_METRIC_EXPORT_INTERVAL</c> settings.
    /// </summary>
    public static IServiceCollection AddPolicyWatchMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("policywatch"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PolicyWatchMetrics.MeterName)
                    .AddPrometheusExporter(o =>
                    {
                        // Every scrape counts, and the README's names are the whole text: no scope
                        // labels on each series, no target_info series.
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                        o.ScopeInfoEnabled = false;
                        o.TargetInfoEnabled = false;
                    });
                OnlyThisHostsMeter(metrics);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            services.AddHostedService<StoreGaugesRefresher>();
        }

        return services;
    }

    /// <summary><c>GET /metrics</c>: the store gauges are read first, then the exporter writes the text.</summary>
    public static IEndpointConventionBuilder MapPolicyWatchMetrics(this IEndpointRouteBuilder endpoints)
    {
        // The gauges (and the store under them) are made at the first scrape, not when the endpoint
        // is mapped: start-up checks run before anything touches the database folder.
        return endpoints.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch =>
            branch.Use(async (context, next) =>
            {
                await context.RequestServices.GetRequiredService<StoreGauges>().RefreshAsync(context.RequestAborted);
                await next(context);
            }), optionsName: null);
    }

    // The SDK listens to meters by name across the process; several hosts in one process (the
    // tests) would otherwise count each other's work. Only the meter this host's factory made is exported.
    private static void OnlyThisHostsMeter(MeterProviderBuilder metrics)
    {
        if (metrics is IDeferredMeterProviderBuilder deferred)
        {
            deferred.Configure((services, builder) =>
            {
                var factory = services.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, factory) ? null : MetricStreamConfiguration.Drop);
            });
        }
    }
}
