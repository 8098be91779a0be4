using Microsoft.AspNetCore.Builder;
using PolicyWatchBot.Cli;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The worker exactly as the <c>run</c> verb builds it (Quartz, dispatcher, Kestrel on a free
/// loopback port), over a test database and feed folder, printing alerts to the given writer.
/// </summary>
public static class WorkerApp
{
    public static WebApplication Build(TempSqliteDatabase database, string feedsDirectory, TextWriter console, bool pollOnStart, params string[] extraArgs) =>
        BuildAt(null, database, feedsDirectory, console, pollOnStart, extraArgs);

    /// <summary>As <see cref="Build"/>, on the given clock (the system clock when null).</summary>
    public static WebApplication BuildAt(TimeProvider? time, TempSqliteDatabase database, string feedsDirectory, TextWriter console, bool pollOnStart, params string[] extraArgs) =>
        RunVerb.Build(
            [
                "--Urls=http://127.0.0.1:0",
                $"--PolicyWatch:Storage:ConnectionString={database.ConnectionString}",
                $"--PolicyWatch:Feeds:Directory={feedsDirectory}",
                $"--PolicyWatch:Feeds:PollOnStart={pollOnStart}",
                "--PolicyWatch:Feeds:Retries=0",
                "--Logging:LogLevel:Default=Warning",
                .. extraArgs,
            ],
            console,
            database.Folder,
            time);
}
