using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Storage;

/// <summary>The latest stored revision of an item, and whether the feed being polled already carried it.</summary>
public sealed record StoredItem(FeedItem Latest, int Revision, bool CarriedByFeed);
