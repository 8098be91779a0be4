namespace PolicyWatchBot.Core.Watchlists;

/// <summary>A channel's watched names, by name, and the score from which a listed name matches one of them.</summary>
public sealed record ChannelWatchlist(IReadOnlyList<WatchlistEntry> Entries, double Threshold)
{
    public static ChannelWatchlist Empty { get; } = new([], WatchThreshold.Default);

    public bool IsEmpty => Entries.Count == 0;
}
