using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>A channel's rule whose regular expression ran past its timeout on an item: it was counted as not matched.</summary>
public sealed record RuleTimeout(ItemKey Item, long ChannelId, string Rule);
