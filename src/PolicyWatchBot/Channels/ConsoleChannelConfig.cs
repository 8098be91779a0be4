using Microsoft.Extensions.Configuration;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Channels;

/// <summary>
/// The console channel as configured under <c>PolicyWatch:Console</c>: its feeds (ids, <c>#tag</c>s
/// or <c>all</c>; a string or a list; <c>none</c> switches the channel off) and its rules (name →
/// expression; an empty expression removes a rule, so an environment variable can switch one off).
/// </summary>
public sealed record ConsoleChannelConfig(IReadOnlyList<string> Feeds, IReadOnlyList<RuleDefinition> Rules)
{
    public const string Section = "PolicyWatch:Console";
    public const string ChannelName = "console";
    public const string Off = "none";

    /// <summary>What the channel subscribes to: nothing when it is switched off.</summary>
    public IReadOnlyList<string> Subscriptions => Feeds.Contains(Off, StringComparer.OrdinalIgnoreCase) ? [] : Feeds;

    public static ConsoleChannelConfig Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var feedsSection = section.GetSection("Feeds");
        var feeds = feedsSection.Value is { } single
            ? single.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : feedsSection.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToArray();
        if (feeds.Length == 0)
        {
            feeds = ["all"];
        }

        var rules = section.GetSection("Rules").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .Select(c => new RuleDefinition(c.Key, c.Value!.Trim()))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new ConsoleChannelConfig(feeds, rules);
    }

    /// <summary>One line per bad rule or unknown feed, naming the configuration key.</summary>
    public IReadOnlyList<string> Validate(Func<string, bool> feedExists)
    {
        var errors = new List<string>();
        if (Feeds.Contains(Off, StringComparer.OrdinalIgnoreCase) && Feeds.Count > 1)
        {
            errors.Add($"{Section}:Feeds is '{string.Join(", ", Feeds)}'; '{Off}' switches the console channel off and takes no feeds beside it");
        }

        foreach (var feed in Feeds)
        {
            if (feed != "all" && !string.Equals(feed, Off, StringComparison.OrdinalIgnoreCase) && !feed.StartsWith('#') && !feedExists(feed))
            {
                errors.Add($"{Section}:Feeds names '{feed}', which is not a feed of the catalogue");
            }
        }

        foreach (var rule in Rules)
        {
            var parsed = RuleParser.Parse(rule.Expression);
            if (parsed.Error is { } error)
            {
                errors.Add($"{Section}:Rules:{rule.Name} is not a valid rule: {error}");
            }
        }

        return errors;
    }

    /// <summary>One line per valid rule that is probably not what its author meant, naming the configuration key.</summary>
    public IReadOnlyList<string> Warnings() =>
        [.. Rules.Select(rule => (rule, parsed: RuleParser.Parse(rule.Expression)))
            .Where(r => r.parsed.IsSuccess && RuleWarnings.For(r.parsed.Expression!) is not null)
            .Select(r => $"{Section}:Rules:{r.rule.Name} ('{r.rule.Expression}'): {RuleWarnings.For(r.parsed.Expression!)}")];
}
