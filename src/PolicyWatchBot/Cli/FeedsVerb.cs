using PolicyWatchBot.Feeds;

namespace PolicyWatchBot.Cli;

/// <summary><c>feeds [--dir DIR]</c>: list the catalogue and report refused definitions (exit 1 when any is refused).</summary>
internal static class FeedsVerb
{
    public const string Usage = """
        usage: policywatch feeds [--dir DIR] [--Section:Key=value...]
          Lists the feed definitions of the folder 'run' uses (PolicyWatch:Feeds:Directory, default feeds/)
          with their schedules and tags, and reports every file that is refused and why.
          --dir DIR    check another folder instead (a definition you are writing, say)
          exit: 0 every file valid, 1 a file is refused, 2 bad usage or configuration
        """;

    private static readonly string[] Options = ["--dir", "--help"];

    public static int Run(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        var root = contentRoot ?? CommandLine.ContentRoot();
        string? folder = null;
        var overrides = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dir" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                case "--dir":
                    error.WriteLine($"--dir needs a folder\n{Usage}");
                    return CommandLine.BadUsage;
                case var option when VerbArguments.IsConfigurationOverride(option, out var valueFollows):
                    overrides.Add(option);
                    if (valueFollows && i + 1 < args.Length)
                    {
                        overrides.Add(args[++i]);
                    }

                    break;
                case var option when option.StartsWith('-'):
                    return VerbArguments.UnknownOption("feeds", option, Options, Usage, error);
                default:
                    error.WriteLine($"unexpected '{args[i]}' (a folder is given with --dir DIR)\n{Usage}");
                    return CommandLine.BadUsage;
            }
        }

        var directory = folder is null ? VerbConfiguration.FeedsDirectory(root, overrides) : Path.GetFullPath(folder);
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
