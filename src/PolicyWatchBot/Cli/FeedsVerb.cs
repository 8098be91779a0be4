using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Storage;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>feeds [--dir DIR]</c>: the catalogue grouped by jurisdiction, each feed with its kind,
/// schedule, whether it was checked against the live source, tags and health (read from the
/// database when there is one; nothing is created); a feed whose secret is not configured is
/// listed as "not polled: needs PolicyWatch:Feeds:Secrets:NAME". Refused definitions go to
/// standard error and make the exit code 1.
/// </summary>
internal static class FeedsVerb
{
    public const string Usage = """
        usage: policywatch feeds [--dir DIR] [--Section:Key=value...]
          Lists the feed definitions of the folder 'run' uses (PolicyWatch:Feeds:Directory, default feeds/)
          by jurisdiction, with their kind, schedule, whether each was checked against its live source,
          tags, health (from the database, when there is one) and the secrets a feed still needs, and
          reports every file that is refused and why.
          --dir DIR    check another folder instead (a definition you are writing, say)
          exit: 0 every file valid, 1 a file is refused, 2 bad usage or configuration
        """;

    private const string Indent = "    ";

    private static readonly string[] Options = ["--dir", "--help"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
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
                    await error.WriteLineAsync($"--dir needs a folder\n{Usage}");
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
                    await error.WriteLineAsync($"unexpected '{args[i]}' (a folder is given with --dir DIR)\n{Usage}");
                    return CommandLine.BadUsage;
            }
        }

        using var host = ConfigurationFiles.Load(root, () =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. overrides], ContentRootPath = root });
            OneShotHost.LogQuietly(builder);
            builder.Services.AddPolicyWatchCore(builder.Configuration, root, output);
            return builder.Build();
        });
        var catalog = folder is null ? host.Services.GetRequiredService<FeedCatalog>() : FeedCatalogLoader.Load(Path.GetFullPath(folder));
        var secrets = host.Services.GetRequiredService<FeedSecrets>();
        var (health, healthNote) = await ReadHealthAsync(host.Services, root);

        foreach (var group in catalog.Feeds.GroupBy(f => f.Jurisdiction).OrderBy(g => Jurisdictions.Order(g.Key)))
        {
            await output.WriteLineAsync($"{Jurisdictions.NameOf(group.Key)} ({group.Key}): {ReplyText.Count(group.Count(), "feed")}");
            foreach (var feed in group.OrderBy(f => f.Id.Value, StringComparer.Ordinal))
            {
                await WriteFeedAsync(output, feed, secrets.Needs(feed), health?.GetValueOrDefault(feed.Id));
            }

            await output.WriteLineAsync();
        }

        foreach (var problem in catalog.Errors)
        {
            await error.WriteLineAsync("refused: " + problem);
        }

        var unverified = catalog.Feeds.Count(f => !f.Verified);
        var waiting = catalog.Feeds.Count(f => secrets.Needs(f) is not null);
        await output.WriteLineAsync(
            $"{catalog.Feeds.Count} feeds valid, {catalog.Errors.Count} refused; {unverified} not yet checked against the live source; "
            + $"{waiting} not polled for want of a secret{(healthNote is null ? "" : "; " + healthNote)}");
        return catalog.Errors.Count == 0 ? CommandLine.Ok : CommandLine.Failed;
    }

    private static async Task WriteFeedAsync(TextWriter output, FeedDefinition feed, string? needs, FeedState? state)
    {
        var verified = feed.Verified ? "verified" : "not yet checked against the live source";
        var status = needs is not null ? "not polled: " + needs : FeedCommands.Health(state);
        await output.WriteLineAsync($"  {feed.Id}  {FeedCatalogLoader.KindName(feed.Kind)} · {ReplyText.Schedule(feed.Schedule)} · {verified}");
        await output.WriteLineAsync($"{Indent}{feed.Title}");
        if (feed.Tags.Count > 0)
        {
            await output.WriteLineAsync($"{Indent}{string.Join(' ', feed.Tags.Select(t => "#" + t))}");
        }

        await output.WriteLineAsync($"{Indent}{status}");
    }

    // Health comes from the database the bot uses, read only when the file exists: listing the
    // catalogue never creates a database.
    private static async Task<(IReadOnlyDictionary<FeedId, FeedState>? Health, string? Note)> ReadHealthAsync(IServiceProvider services, string root)
    {
        var connection = new SqliteConnectionStringBuilder(services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
        var path = string.IsNullOrEmpty(connection.DataSource) ? "" : Path.GetFullPath(connection.DataSource, root);
        if (!File.Exists(path))
        {
            return (null, "no database yet, so no health");
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var states = await services.GetRequiredService<IStore>().GetFeedStatesAsync(timeout.Token);
            return (states.ToDictionary(s => s.Feed), null);
        }
        catch (Exception ex) when (ex is SqliteException or OperationCanceledException)
        {
            return (null, $"health not read from {path}: {ex.Message}");
        }
    }
}
