using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A Federal Register feed's first poll reads a year of history by default (PolicyWatch:Feeds:BackfillDays):
/// the loopback feeds of the other tests answer every query with the same saved page, so every host
/// of these tests turns the backfill off; the backfill tests turn it on themselves.
/// </summary>
internal static class NoBackfill
{
    public const string Key = "PolicyWatch:Feeds:BackfillDays";
    public const string Value = "0";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly sets its hosts' environment before any test runs.")]
    internal static void TurnOff() => Environment.SetEnvironmentVariable("PolicyWatch__Feeds__BackfillDays", Value);
}
