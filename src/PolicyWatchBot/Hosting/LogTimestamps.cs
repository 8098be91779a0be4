using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace PolicyWatchBot.Hosting;

/// <summary>Console log lines start with their time in ISO 8601 UTC (<c>2026-03-02T09:00:00.000Z</c>), whatever the machine's zone.</summary>
internal static class LogTimestamps
{
    public static IServiceCollection AddIsoUtcLogTimestamps(this IServiceCollection services) =>
        services
            // Naming the formatter keeps the console logger from copying its own (empty) legacy timestamp settings over these.
            .Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple)
            .Configure<SimpleConsoleFormatterOptions>(o =>
            {
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.UseUtcTimestamp = true;
            });
}
