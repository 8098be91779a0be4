using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Storage;

/// <summary>A stored item's latest revision, dated for a backtest: its publication date, else the day it was first seen.</summary>
public sealed record BacktestItem(FeedItem Item, DateOnly Date);
