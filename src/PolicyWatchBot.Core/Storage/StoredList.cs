using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Core.Storage;

/// <summary>The stored version of one screening list: its entities, the feed that loaded it, and when it last changed.</summary>
public sealed record StoredList(string List, FeedId Feed, IReadOnlyList<ListedEntity> Entities, DateTimeOffset UpdatedAt);
