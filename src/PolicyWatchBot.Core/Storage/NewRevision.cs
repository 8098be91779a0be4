using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Storage;

/// <summary>A revision to append to an item's history (revision 1 creates the item).</summary>
public sealed record NewRevision(FeedItem Item, int Revision, RevisionKind Kind, IReadOnlyList<FieldChange> Changes);
