using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The saved payloads are real documents of 2017 to 2025, older than the 2-day alert window of a
/// running bot, so every host of these tests (in process, verbs and the published binary, which
/// inherit the environment) opens the window to ten years; the baseline tests set it themselves.
/// </summary>
internal static class WideAlertWindow
{
    public const string Key = "PolicyWatch:Feeds:AlertWindow";
    public const string Value = "3650.00:00:00";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly sets its hosts' environment before any test runs.")]
    internal static void Open() => Environment.SetEnvironmentVariable("PolicyWatch__Feeds__AlertWindow", Value);
}
