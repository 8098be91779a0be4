using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>A stored item a tested expression matches, with the date it is counted at and the terms that hit, as it spells them.</summary>
public sealed record BacktestMatch(FeedItem Item, DateOnly Date, IReadOnlyList<string> Terms);
