using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Channels;

/// <summary>A channel subscribed to a feed, with its keyword rules (none: every item) and its active mutes.</summary>
public sealed record ChannelRuleSet(long ChannelId, ChannelKey Key, IReadOnlyList<RuleDefinition> Rules)
{
    public IReadOnlyList<Mute> Mutes { get; init; } = [];
}
