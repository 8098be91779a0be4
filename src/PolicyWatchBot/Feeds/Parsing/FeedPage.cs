using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>The items read from one body, and the Federal Register's next page when it gave one.</summary>
internal sealed record FeedPage(IReadOnlyList<FeedItem> Items, Uri? NextPage);
