using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Watchlists: the names a channel screens for, and its match threshold. Each change is audited.</summary>
public interface IWatchlistStore
{
    /// <summary>Adds the entry, or replaces the aliases and country of the channel's entry of that name; returns the entry before, or null when it is new.</summary>
    Task<WatchlistEntry?> SaveWatchlistEntryAsync(long channelId, WatchlistEntry entry, Actor actor, CancellationToken cancellationToken);

    /// <summary>Saves every entry as <see cref="SaveWatchlistEntryAsync"/> does, in one transaction (all or none).</summary>
    Task<WatchlistImport> ImportWatchlistAsync(long channelId, IReadOnlyList<WatchlistEntry> entries, Actor actor, CancellationToken cancellationToken);

    /// <summary>Removes the channel's entry of that name (any case); returns it, or null when there is none.</summary>
    Task<WatchlistEntry?> RemoveWatchlistEntryAsync(long channelId, string name, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's entries by name, and its threshold.</summary>
    Task<ChannelWatchlist> GetWatchlistAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Sets the channel's match threshold; returns the one before.</summary>
    Task<double> SetWatchThresholdAsync(long channelId, double threshold, Actor actor, CancellationToken cancellationToken);
}
