using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.FullText;

/// <summary>
/// The full text of a <c>fullText</c> feed's documents: each item that is new or a revision of the
/// stored one has its <see cref="FeedItem.RawTextLink"/> fetched once and kept as its
/// <see cref="FeedItem.Body"/>, cut at <see cref="FeedOptions.MaxFullTextBytes"/>. An item whose text
/// could not be fetched, or past <see cref="FeedOptions.MaxFullTextsPerPoll"/>, waits for the next
/// poll whole: a new one is left out, a changed one is given as stored, so its alerts (body matches
/// included) come when its text does, never without it.
/// </summary>
internal sealed partial class DocumentTextReader(IStore store, FeedFetcher fetcher, IOptions<FeedOptions> options, ILogger<DocumentTextReader> logger)
{
    public async Task<FullTextRead> ReadChangedAsync(FeedDefinition feed, List<FeedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(items);
        var stored = await store.GetLatestItemsAsync(items.Where(i => i.RawTextLink is not null).Select(i => i.Key).ToList(), cancellationToken);
        var budget = options.Value.MaxFullTextsPerPoll;
        var result = new List<FeedItem>(items.Count);
        var read = 0;
        var waiting = 0;
        foreach (var item in items)
        {
            var previous = stored.GetValueOrDefault(item.Key);
            if (item.RawTextLink is null || (previous is not null && !ItemDiffer.Compare(previous, item).IsRevision))
            {
                result.Add(item);
                continue;
            }

            FeedItem? withText = null;
            if (read < budget)
            {
                read++;
                withText = await ReadAsync(feed, item, cancellationToken);
            }

            if (withText is not null)
            {
                result.Add(withText);
            }
            else
            {
                waiting++;
                if (previous is not null)
                {
                    result.Add(previous);
                }
            }
        }

        if (waiting > 0)
        {
            LogWaiting(feed.Id, waiting);
        }

        return new FullTextRead(result, waiting);
    }

    private async Task<FeedItem?> ReadAsync(FeedDefinition feed, FeedItem item, CancellationToken cancellationToken)
    {
        try
        {
            var fetched = await fetcher.FetchAsync(feed, item.RawTextLink!, null, null, cancellationToken);
            if (fetched.NotModified)
            {
                return null;
            }

            var (text, truncated) = Cut(BodyText.Decode(fetched.Body!.Content, fetched.Body.ContentType), options.Value.MaxFullTextBytes);
            return item with { Body = WellFormedText.Of(text), BodyTruncated = truncated };
        }
        catch (FeedFetchException ex)
        {
            LogTextFailed(feed.Id, item.Key.Value, ex.Message);
            return null;
        }
    }

    /// <summary>The text, cut to at most <paramref name="maxBytes"/> bytes of UTF-8, never inside a character.</summary>
    internal static (string Text, bool Truncated) Cut(string text, long maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return (text, false);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var end = (int)maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return (Encoding.UTF8.GetString(bytes, 0, end), true);
    }

    [LoggerMessage(1030, LogLevel.Warning, "Feed {FeedId}: the full text of {Item} was not read ({Reason}); the item waits for the next poll")]
    private partial void LogTextFailed(FeedId feedId, string item, string reason);

    [LoggerMessage(1031, LogLevel.Information, "Feed {FeedId}: {Waiting} new or changed documents wait for their full text until the next poll")]
    private partial void LogWaiting(FeedId feedId, int waiting);
}

/// <summary>The items of a poll as <see cref="DocumentTextReader"/> left them, and how many wait for their text.</summary>
internal sealed record FullTextRead(List<FeedItem> Items, int Waiting);
