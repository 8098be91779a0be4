using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Screening lists: the last version of each, entity by entity, that the next download is diffed against.</summary>
public interface IListStore
{
    /// <summary>The list's stored version, or null when it was never loaded (its first load is a baseline).</summary>
    Task<StoredList?> GetListAsync(string list, CancellationToken cancellationToken);

    /// <summary>Every stored list, by id (for <c>watch test</c> and <c>watchlist</c>).</summary>
    Task<IReadOnlyList<StoredList>> GetListsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the list's stored version the one these changes lead to, in one transaction: added and
    /// amended entities saved as they are now, removed ones deleted. A baseline is every entity added.
    /// Saving the same changes twice leaves the same version.
    /// </summary>
    Task SaveListVersionAsync(string list, FeedId feed, IReadOnlyList<EntityChange> changes, CancellationToken cancellationToken);
}
