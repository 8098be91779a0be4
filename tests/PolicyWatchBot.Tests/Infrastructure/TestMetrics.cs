using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The bot's instruments on a meter factory of their own, and what they recorded (through the
/// standard library's listener, as any exporter would see it).
/// </summary>
public sealed class TestMetrics : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public TestMetrics() => Metrics = new PolicyWatchMetrics(Factory);

    /// <summary>Instruments for tests that do not look at them.</summary>
    public static PolicyWatchMetrics Unread { get; } = new TestMetrics().Metrics;

    public PolicyWatchMetrics Metrics { get; }

    public IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    /// <summary>Starts recording one instrument of the bot's meter made by <paramref name="factory"/>.</summary>
    public static MetricCollector<T> Collect<T>(IMeterFactory factory, string instrument)
        where T : struct => new(factory, PolicyWatchMetrics.MeterName, instrument);

    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct => Collect<T>(Factory, instrument);

    /// <summary>The sum of what <paramref name="collector"/> recorded with exactly these tags.</summary>
    public static long Sum(MetricCollector<long> collector, params (string Name, string Value)[] tags) =>
        collector.GetMeasurementSnapshot()
            .Where(m => m.Tags.Count == tags.Length && tags.All(t => m.Tags.TryGetValue(t.Name, out var value) && Equals(value, t.Value)))
            .Sum(m => m.Value);

    public void Dispose() => _services.Dispose();
}
