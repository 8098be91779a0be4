using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Chat;

/// <summary>How far the stored history of these feeds goes, for those whose history was backfilled (<c>status</c>, <c>rule test</c>).</summary>
internal static class FeedHistoryLines
{
    /// <summary>"History: · fr-bis: history from 2025-12-02 (365 days backfilled, 700 documents)", one bullet per feed; none when no feed had a backfill.</summary>
    public static async Task<List<ReplyLine>> OfAsync(IStore store, IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        var ids = feeds.Select(f => f.Id).ToHashSet();
        var backfills = (await store.GetBackfillsAsync(cancellationToken)).Where(b => ids.Contains(b.Feed)).ToList();
        if (backfills.Count == 0)
        {
            return [];
        }

        var lines = new List<ReplyLine> { ReplyLine.Of("History:") };
        lines.AddRange(backfills.Select(b => ReplyLine.Bullet(new Inline.Code(b.Feed.Value), ": " + b.Describe())));
        return lines;
    }
}
