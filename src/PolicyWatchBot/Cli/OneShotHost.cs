using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Cli;

/// <summary>
/// The host of a verb that does one thing and exits (<c>poll --once</c>, <c>chat</c>): the store,
/// feeds, poller, outbox and conversation, started (migrated, console channel applied), no schedules.
/// </summary>
internal static class OneShotHost
{
    /// <summary>
    /// The started host, or null after writing why it cannot start (bad configuration, an unusable
    /// database file), which is then checked before anything is written.
    /// </summary>
    /// <param name="quiet">Only warnings and errors are logged, to standard error, so standard output is the verb's own.</param>
    public static async Task<IHost?> StartAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, string? contentRoot, bool quiet = false)
    {
        var root = contentRoot ?? CommandLine.ContentRoot();
        IHost? host = null;
        try
        {
            var builder = ConfigurationFiles.Load(root, () => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. args], ContentRootPath = root }));
            if (quiet)
            {
                LogQuietly(builder);
            }

            // A one-shot verb is not a service: no "Application started. Press Ctrl+C to shut down." lines.
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            builder.Services.AddIsoUtcLogTimestamps();
            builder.Services.AddPolicyWatchCore(builder.Configuration, root, output);
            builder.Services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value is { IsPostgres: false } storage
                ? BotInstance.OneShot(SqliteConnectionFactory.FilePath(storage.ConnectionString, root))
                : BotInstance.OneShot(null)));
            host = builder.Build();
            StartupChecks.ThrowIfCannotStart(host.Services);
            await host.StartAsync();
            return host;
        }
        catch (Exception ex) when (ex is ConfigurationProblemException or StartupProblemException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await error.WriteLineAsync(ex.Message);
            host?.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Cancelled by Ctrl-C or SIGTERM (the host's console lifetime turns both into a stop): every
    /// await of a verb takes it, so a verb ends within moments of either.
    /// </summary>
    public static CancellationToken Stopping(IHost host) =>
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    /// <summary>Only warnings and errors, to standard error, so standard output is the verb's own.</summary>
    public static void LogQuietly(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Warning;
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddIsoUtcLogTimestamps();
    }
}
