namespace PolicyWatchBot.Core.Watchlists;

/// <summary>What an import did: names new to the watchlist, names whose aliases or country changed, names already as imported.</summary>
public sealed record WatchlistImport(int Added, int Updated, int Unchanged);
