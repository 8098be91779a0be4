using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>A channel that gets an item, with the rules of its that matched (none for a channel without rules).</summary>
public sealed record ChannelMatch(ChannelSetup Channel, IReadOnlyList<RuleMatch> Rules);
