using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using Def = PolicyWatchBot.Chat.Discord.DiscordCommandDefinition;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Suggestions while a member types an option: feed ids, <c>#tag</c>s and <c>all</c> from the
/// catalogue (for a list of feeds, the word being typed), the channel's rule names, durations,
/// zones, and the verbs <c>help</c> explains.
/// At most 25, as Discord allows.
/// </summary>
internal sealed class DiscordAutocomplete(FeedCatalog catalog, IStore store)
{
    public const int MaxChoices = 25;
    private const int MaxChoiceLength = 100;

    private static readonly string[] Durations = ["30m", "90m", "1h", "8h", "24h", "1d12h", "3d", "7d", "2w", "30d", "90d"];

    public async Task<List<DiscordWire.AutocompleteChoice>> SuggestAsync(
        ChannelKey channel, string channelName, DiscordInteractionWire.Data? data, CancellationToken cancellationToken)
    {
        var (_, options) = DiscordCommandReader.Path(data);
        var focused = options.FirstOrDefault(o => o.Focused == true);
        var typed = focused?.Value?.ValueKind == System.Text.Json.JsonValueKind.String ? focused.Value.Value.GetString() ?? "" : "";
        var choices = focused?.Name switch
        {
            Def.FeedsOption => LastWord(typed),
            Def.FeedOption => FeedIds(typed.Trim()).Select(id => Choice(id, id)),
            Def.RuleOption => await RuleNamesAsync(channel, channelName, typed.Trim(), cancellationToken),
            Def.ZoneOption => Zones(typed.Trim()),
            Def.CommandOption => Def.HelpTopics()
                .Where(v => v.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase))
                .OrderBy(v => !v.StartsWith(typed.Trim(), StringComparison.OrdinalIgnoreCase))
                .Select(v => Choice(v, v)),
            Def.DurationOption => Durations.Where(d => d.StartsWith(typed.Trim(), StringComparison.OrdinalIgnoreCase)).Select(d => Choice(d, d)),
            _ => [],
        };
        return choices.Take(MaxChoices).ToList();
    }

    /// <summary>IANA zone names containing what was typed, the default first.</summary>
    private static IEnumerable<DiscordWire.AutocompleteChoice> Zones(string typed) =>
        TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id)
            .Where(id => id.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(id => id == Core.Digests.DigestSchedule.DefaultZone ? 0 : 1).ThenBy(id => id, StringComparer.Ordinal)
            .Select(id => Choice(id, id));

    /// <summary>For <c>fr-bis #exp</c>: complete the last word, keeping the words before it.</summary>
    private IEnumerable<DiscordWire.AutocompleteChoice> LastWord(string typed)
    {
        var words = DiscordCommandReader.SplitTargets(typed);
        var endsWithSpace = typed.Length > 0 && (char.IsWhiteSpace(typed[^1]) || typed[^1] == ',');
        var done = endsWithSpace ? words : words[..Math.Max(0, words.Length - 1)];
        var prefix = endsWithSpace || words.Length == 0 ? "" : words[^1];
        var before = done.Length == 0 ? "" : string.Join(' ', done) + " ";
        return Targets(prefix)
            .Where(t => !done.Contains(t, StringComparer.Ordinal))
            .Select(t => before + t)
            .Where(value => value.Length <= MaxChoiceLength)
            .Select(value => Choice(value, value));
    }

    private IEnumerable<string> Targets(string prefix) =>
        FeedIds(prefix)
            .Concat(catalog.Feeds.SelectMany(f => f.Tags).Select(t => "#" + t.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)
                .Where(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Concat("all".StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? ["all"] : []);

    private IEnumerable<string> FeedIds(string prefix) =>
        catalog.Feeds.Select(f => f.Id.Value)
            .Where(id => id.Contains(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(id => !id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ThenBy(id => id, StringComparer.Ordinal);

    private async Task<IEnumerable<DiscordWire.AutocompleteChoice>> RuleNamesAsync(ChannelKey channel, string channelName, string prefix, CancellationToken cancellationToken)
    {
        var channelId = await store.EnsureChannelAsync(channel, channelName, cancellationToken);
        var rules = await store.GetRulesAsync(channelId, cancellationToken);
        return rules
            .Where(r => r.Name.Contains(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => !r.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => Choice(Cut($"{r.Name}: {r.Expression}"), r.Name));
    }

    private static DiscordWire.AutocompleteChoice Choice(string name, string value) => new() { Name = name, Value = value };

    private static string Cut(string text) => text.Length <= MaxChoiceLength ? text : text[..(MaxChoiceLength - 1)] + "…";
}
