using PolicyWatchBot.Feeds;

namespace PolicyWatchBot.Cli;

/// <summary><c>feeds</c>: list the catalogue and report refused definitions (exit 1 when any is refused).</summary>
internal static class FeedsVerb
{
    public static int Run(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        var directory = args.Length >= 2 && args[0] == "--dir" ? args[1] : Path.Combine(contentRoot ?? CommandLine.ContentRoot(), "feeds");
        var catalog = FeedCatalogLoader.Load(directory);
        foreach (var feed in catalog.Feeds)
        {
            output.WriteLine($"{feed.Id,-24} {feed.Jurisdiction,-4} {FeedCatalogLoader.KindName(feed.Kind),-36} {feed.Schedule}");
            output.WriteLine($"{"",-24} {feed.Title}");
            if (feed.Tags.Count > 0)
            {
                output.WriteLine($"{"",-24} tags: {string.Join(" ", feed.Tags.Select(t => "#" + t))}");
            }
        }

        foreach (var problem in catalog.Errors)
        {
            error.WriteLine("refused: " + problem);
        }

        output.WriteLine($"{catalog.Feeds.Count} feeds valid, {catalog.Errors.Count} refused");
        return catalog.Errors.Count == 0 ? CommandLine.Ok : CommandLine.Failed;
    }
}
