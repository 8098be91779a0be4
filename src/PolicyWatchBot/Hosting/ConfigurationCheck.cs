using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Channels;
using PolicyWatchBot.Feeds;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// Reads the whole configuration before anything starts or touches the disk: every problem of
/// every section, each once, by key path, in one <see cref="ConfigurationProblemException"/>.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>Resolves nothing that touches the disk (the store's folder is created when the store is first made).</summary>
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        var problems = new List<string>();
        var feedsReadable = true;
        foreach (var options in services.GetServices<CheckedOptions>().DistinctBy(o => o.Section, StringComparer.OrdinalIgnoreCase))
        {
            var found = options.Problems(services);
            problems.AddRange(found);
            feedsReadable &= found.Count == 0 || !string.Equals(options.Section, FeedOptions.Section, StringComparison.OrdinalIgnoreCase);
        }

        // The console channel's feeds are looked up in the catalogue, which is only read once its folder key is sound.
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(ConsoleChannelSetup)) == true)
        {
            var catalog = feedsReadable ? services.GetRequiredService<FeedCatalog>() : null;
            var console = ConsoleChannelConfig.Read(services.GetRequiredService<IConfiguration>());
            problems.AddRange(console.Validate(id => catalog is null || catalog.Find(id) is not null));
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException([.. problems.Distinct(StringComparer.Ordinal)]);
        }
    }
}
