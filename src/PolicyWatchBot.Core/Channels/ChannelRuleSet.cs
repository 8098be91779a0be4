using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Channels;

/// <summary>A channel subscribed to a feed, with its keyword rules (none: every item).</summary>
public sealed record ChannelRuleSet(long ChannelId, ChannelKey Key, IReadOnlyList<RuleDefinition> Rules);
