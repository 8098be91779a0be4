using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Storage;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// Runs before anything polls or delivers: migrates the store, reports refused feed definitions,
/// checks the console channel's configuration and applies it. Bad configuration stops the start
/// with every problem listed.
/// </summary>
internal sealed partial class StartupTasks(
    IStore store,
    IStoreLocation database,
    FeedCatalog catalog,
    IOptions<FeedOptions> feedOptions,
    IHostEnvironment environment,
    ConsoleChannelSetup consoleChannel,
    IConfiguration configuration,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogInUse(database.Describe, Path.GetFullPath(feedOptions.Value.Directory, environment.ContentRootPath), catalog.Feeds.Count, catalog.Errors.Count);
        foreach (var error in catalog.Errors)
        {
            logger.DefinitionRefused(error);
        }

        var console = ConsoleChannelConfig.Read(configuration);
        var problems = console.Validate(id => catalog.Find(id) is not null);
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException(problems);
        }

        foreach (var warning in console.Warnings())
        {
            LogRuleWarning(warning);
        }

        try
        {
            await store.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (database.Explain(ex) is { } explained)
        {
            throw new StartupProblemException(explained);
        }

        await consoleChannel.ApplyAsync(console, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1020, LogLevel.Information, "Database {Database}; feeds folder {FeedsFolder} ({FeedCount} feeds, {RefusedCount} refused)")]
    private partial void LogInUse(string database, string feedsFolder, int feedCount, int refusedCount);

    [LoggerMessage(1023, LogLevel.Warning, "Rule warning: {RuleWarning}")]
    private partial void LogRuleWarning(string ruleWarning);
}
