using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>The items read from one body, and the Federal Register's next page when it gave one.</summary>
internal sealed record FeedPage(IReadOnlyList<FeedItem> Items, Uri? NextPage)
{
    /// <summary>The documents the whole query matches, when the answer says (the Federal Register's <c>count</c>).</summary>
    public int? Total { get; init; }
}
