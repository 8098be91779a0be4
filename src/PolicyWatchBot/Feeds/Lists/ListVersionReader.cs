using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// Reads an <c>entity-list</c> feed's download as the list's next version: parsed by its format's
/// parser, diffed entity by entity against the stored version. A body that is not the list (an error
/// page, an S3 <c>NoSuchKey</c>) or a whole list under a tenth of the stored size is a
/// <see cref="FeedParseException"/>: the feed fails and nothing is stored.
/// </summary>
internal sealed class ListVersionReader(IListStore lists)
{
    public async Task<ListVersion> ReadAsync(FeedDefinition feed, FeedBody body, CancellationToken cancellationToken)
    {
        var source = feed.EntityList ?? throw new InvalidOperationException($"feed {feed.Id} is not an entity-list feed");
        var stored = await lists.GetListAsync(source.List, cancellationToken);
        var previous = stored?.Entities ?? [];
        var current = EntityListParser.Parse(feed.Id, source, body, previous);
        if (EntityListParser.IsWholeList(source.Format) && ListVersionCheck.Refusal(previous.Count, current.Count) is { } refusal)
        {
            throw new FeedParseException(feed.Id, refusal);
        }

        var changes = EntityDiffer.Diff(previous, current);
        IReadOnlyList<FeedItem> items = stored is null ? [] : [.. changes.Select(c => EntityChangeItem.Of(c, feed, source.Title).WithWellFormedText())];
        return new ListVersion(source.List, current.Count, changes, items, IsBaseline: stored is null);
    }
}
