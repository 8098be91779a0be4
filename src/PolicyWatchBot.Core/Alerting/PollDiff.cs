using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>What changed in one poll of one feed against the store: the items that may alert, in feed order.</summary>
public sealed record PollDiff(FeedDefinition Feed, IReadOnlyList<ItemChange> Changes)
{
    /// <summary>The items that could not be compared with what the store holds; they are left out of the poll.</summary>
    public IReadOnlyList<ItemFailure> Failures { get; init; } = [];

    /// <summary>The known items whose channels' earlier alerts the plan needs (back-links, and who has been told already).</summary>
    public IReadOnlyList<ItemKey> KeysWithHistory => [.. Changes.Where(c => c.WasStored).Select(c => c.Item.Key)];

    /// <summary>The items whose threads the plan may join: the polled ones, the documents they correct and the documents they cite.</summary>
    public IReadOnlyList<ItemKey> ThreadKeys =>
    [
        .. Changes.SelectMany(c => ItemCitations.Of(c.Item).Prepend(c.Item.Key)
                .Concat(ItemCitations.CorrectionTarget(c.Item) is { } target ? [target] : [])
                .Concat(ItemCitations.OwnCitation(c.Item) is { } citation ? [citation] : []))
            .Distinct(),
    ];
}
