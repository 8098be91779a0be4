using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>A real dispatcher over a test store and clock, with the given sinks and options.</summary>
internal static class TestDispatcher
{
    public static AlertDispatcher Create(IStore store, TimeProvider time, OutboxSignal signal, PolicyWatchMetrics metrics, IAlertSink[] sinks, DispatcherOptions options, InstanceIdentity? instance = null) => new(
        store,
        sinks,
        new HeldAlertRelease(store, signal),
        new TimedPosts(store, new DigestRelease(store, signal, time), signal, time),
        signal,
        metrics,
        instance ?? new InstanceIdentity("test-instance", clustered: false),
        Options.Create(options),
        time,
        NullLogger<AlertDispatcher>.Instance);
}
