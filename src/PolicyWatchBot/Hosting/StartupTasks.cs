using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyWatchBot.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// Runs before anything polls or delivers: migrates the store, reports refused feed definitions,
/// checks the console channel's configuration and applies it. Bad configuration stops the start
/// with every problem listed.
/// </summary>
internal sealed class StartupTasks(
    IStore store,
    FeedCatalog catalog,
    ConsoleChannelSetup consoleChannel,
    IConfiguration configuration,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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

        await store.MigrateAsync(cancellationToken);
        await consoleChannel.ApplyAsync(console, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
