using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Cli;

/// <summary>
/// The configuration for a verb that starts no host (<c>feeds</c>, <c>match</c>): read from the
/// same places as the hosts' (appsettings.json, its environment's file, environment variables,
/// <c>--Key=value</c>), so they look at the folders <c>run</c> uses.
/// </summary>
internal static class VerbConfiguration
{
    /// <summary>The feeds folder of <c>PolicyWatch:Feeds:Directory</c>, relative to the content root.</summary>
    public static string FeedsDirectory(string contentRoot, IReadOnlyList<string> overrides)
    {
        using var configuration = ConfigurationFiles.Load(contentRoot, () =>
            Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. overrides], ContentRootPath = contentRoot }).Configuration);
        var directory = configuration[$"{FeedOptions.Section}:{nameof(FeedOptions.Directory)}"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? "feeds" : directory, contentRoot);
    }
}
