using Microsoft.Extensions.Hosting;

namespace PolicyWatchBot.Observability;

/// <summary>
/// Reads the store gauges on a timer while metrics go out over OTLP: there is no scrape to read
/// them first, and the exporter observes gauges synchronously.
/// </summary>
internal sealed class StoreGaugesRefresher(StoreGauges gauges, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await gauges.RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
