using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>match --rules RULES_FILE [--feed ID] [--format jsonl|text] INPUT...</c> (docs/rules.md): runs every
/// rule over every item of saved feed bodies and prints one line per distinct (rule, item) match.
/// Exit 0 when every input was read, 2 for a bad rule or an unreadable input.
/// </summary>
internal static class MatchVerb
{
    // Lines are read by people and scripts, not embedded in HTML: keep quotes and accents as they are.
    private static readonly MatchLineJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public const string Usage = """
        usage: policywatch match --rules FILE [--feed ID] [--format jsonl|text] INPUT... [--Section:Key=value...]
          Offline: runs every rule of FILE (lines 'name: expression', see docs/rules.md) over every item of
          the saved feed bodies INPUT... and prints one line per rule and item that match. Touches no database.
          --rules FILE     the rules
          --feed ID        read the inputs as that feed of the folder 'run' uses (PolicyWatch:Feeds:Directory),
                           so feed:, jurisdiction: and the feed's default agency and type apply
          --format F       jsonl (default: {"rule","item","title"} per line) or text (tab-separated)
          exit: 0 every input read, 2 a bad rule, an unreadable input or bad usage
        """;

    private static readonly string[] Options = ["--rules", "--feed", "--format", "--help"];

    public static int Run(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        if (!TryReadArguments(args, error, out var rulesFile, out var feedId, out var format, out var inputs, out var overrides))
        {
            return CommandLine.BadUsage;
        }

        if (!TryReadRules(rulesFile, error, out var rules))
        {
            return CommandLine.BadUsage;
        }

        FeedDefinition? feed = null;
        if (feedId is not null)
        {
            var catalog = FeedCatalogLoader.Load(VerbConfiguration.FeedsDirectory(contentRoot ?? CommandLine.ContentRoot(), overrides));
            feed = catalog.Find(feedId);
            if (feed is null)
            {
                error.WriteLine($"unknown feed '{feedId}'; known feeds: {string.Join(", ", catalog.Feeds.Select(f => f.Id))}");
                return CommandLine.BadUsage;
            }
        }

        var items = new List<FeedItem>();
        var parser = new FeedParser();
        foreach (var input in inputs)
        {
            try
            {
                var body = new FeedBody(File.ReadAllBytes(input), null, feed?.Url ?? new Uri(Path.GetFullPath(input)));
                var definition = feed ?? Anonymous(FeedParser.DetectKind(body), body.Url);
                items.AddRange(parser.Parse(definition, body).Items);
            }
            catch (Exception ex) when (ex is FeedParseException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{input}: cannot be read as a feed: {ex.Message}");
                return CommandLine.BadUsage;
            }
        }

        var ruleSet = RuleSet.Compile(rules);
        var printed = new HashSet<(string Rule, string Item)>();
        var timedOut = new List<string>();
        foreach (var item in items)
        {
            var matches = ruleSet.Match(item, timedOut);
            foreach (var rule in timedOut)
            {
                error.WriteLine($"rule {rule} timed out on item {item.NativeId} (a regular expression ran past its limit); counted as not matched");
            }

            timedOut.Clear();
            foreach (var match in matches)
            {
                if (printed.Add((match.RuleName, item.NativeId)))
                {
                    output.WriteLine(format == "jsonl"
                        ? JsonSerializer.Serialize(new MatchLine(match.RuleName, item.NativeId, item.Title), Json.MatchLine)
                        : $"{match.RuleName}\t{item.NativeId}\t{item.Title}");
                }
            }
        }

        return CommandLine.Ok;
    }

    // Without --feed, inputs belong to no feed: the feed, jurisdiction, agency and type defaults are empty.
    private static FeedDefinition Anonymous(FeedKind kind, Uri url) => new()
    {
        Id = new FeedId(""),
        Title = "",
        Kind = kind,
        Url = url,
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
        Jurisdiction = "",
    };

    private static bool TryReadArguments(
        string[] args, TextWriter error, out string rulesFile, out string? feedId, out string format, out List<string> inputs, out List<string> overrides)
    {
        rulesFile = "";
        feedId = null;
        format = "jsonl";
        inputs = [];
        overrides = [];
        for (var i = 0; i < args.Length; i++)
        {
            var needsValue = args[i] is "--rules" or "--feed" or "--format";
            if (needsValue && i + 1 >= args.Length)
            {
                error.WriteLine($"{args[i]} needs a value\n{Usage}");
                return false;
            }

            switch (args[i])
            {
                case "--rules":
                    rulesFile = args[++i];
                    break;
                case "--feed":
                    feedId = args[++i];
                    break;
                case "--format":
                    format = args[++i];
                    break;
                case var option when VerbArguments.IsConfigurationOverride(option, out var valueFollows):
                    overrides.Add(option);
                    if (valueFollows && i + 1 < args.Length)
                    {
                        overrides.Add(args[++i]);
                    }

                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    VerbArguments.UnknownOption("match", option, Options, Usage, error);
                    return false;
                default:
                    inputs.Add(args[i]);
                    break;
            }
        }

        if (rulesFile.Length == 0 || inputs.Count == 0 || format is not ("jsonl" or "text"))
        {
            error.WriteLine(Usage);
            return false;
        }

        return true;
    }

    private static bool TryReadRules(string path, TextWriter error, out List<RuleDefinition> rules)
    {
        rules = [];
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: cannot read the rules file: {ex.Message}");
            return false;
        }

        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                error.WriteLine($"{path}:{number}: expected 'name: expression' with a name without spaces");
                return false;
            }

            var expression = line[(colon + 1)..].Trim();
            var parsed = RuleParser.Parse(expression);
            if (parsed.Error is { } problem)
            {
                // file:line:column points into the file; the rule's own column is the one docs/rules.md speaks of.
                var offset = lines[number - 1].IndexOf(expression, colon + 1, StringComparison.Ordinal);
                error.WriteLine($"{path}:{number}:{problem.Column + offset}: rule '{name}': column {problem.Column}: {problem.Message}");
                return false;
            }

            if (RuleWarnings.For(parsed.Expression!) is { } warning)
            {
                error.WriteLine($"{path}:{number}: rule '{name}': warning: {warning}");
            }

            if (rules.Any(r => r.Name == name))
            {
                error.WriteLine($"{path}:{number}: rule '{name}' is defined twice");
                return false;
            }

            rules.Add(new RuleDefinition(name, expression));
        }

        return true;
    }
}

internal sealed record MatchLine(string Rule, string Item, string Title);

[System.Text.Json.Serialization.JsonSerializable(typeof(MatchLine))]
internal sealed partial class MatchLineJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
