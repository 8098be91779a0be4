using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// A download of a screening list read as its next version: the changes from the stored version,
/// and the items that carry them through the poll (none for a baseline, the list's first load).
/// </summary>
internal sealed record ListVersion(string List, int Entities, IReadOnlyList<EntityChange> Changes, IReadOnlyList<FeedItem> Items, bool IsBaseline)
{
    public int Added => Changes.Count(c => c.Kind == EntityChangeKind.Added);

    public int AmendedOrRemoved => Changes.Count - Added;
}
