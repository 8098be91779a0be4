using System.Xml.XPath;
using HtmlAgilityPack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Detail;

/// <summary>
/// The detail step of a feed: each item the store has never seen, and only those, has its link
/// fetched once and the text its selector picks kept as the item's <see cref="FeedItem.Detail"/>
/// (later revisions inherit it). A page that cannot be fetched or read leaves that item as the
/// listing gave it, alone; at most <see cref="FeedOptions.MaxDetailPages"/> pages are read a poll.
/// </summary>
internal sealed partial class ItemDetailReader(IStore store, FeedFetcher fetcher, IOptions<FeedOptions> options, ILogger<ItemDetailReader> logger)
{
    public async Task<List<FeedItem>> ReadNewAsync(FeedDefinition feed, List<FeedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(items);
        var step = feed.Detail ?? throw new ArgumentException($"feed {feed.Id} has no detail step", nameof(feed));
        var known = await store.FilterKnownAsync(items.Select(i => i.Key).ToList(), cancellationToken);
        var budget = options.Value.MaxDetailPages;
        var result = new List<FeedItem>(items.Count);
        var read = 0;
        var leftOut = 0;
        foreach (var item in items)
        {
            if (known.Contains(item.Key) || item.Link is null || item.Detail is not null)
            {
                result.Add(item);
            }
            else if (read == budget)
            {
                leftOut++;
                result.Add(item);
            }
            else
            {
                read++;
                result.Add(await ReadAsync(feed, step, item, cancellationToken));
            }
        }

        if (leftOut > 0)
        {
            LogBudgetSpent(feed.Id, budget, leftOut);
        }

        return result;
    }

    private async Task<FeedItem> ReadAsync(FeedDefinition feed, DetailStep step, FeedItem item, CancellationToken cancellationToken)
    {
        try
        {
            var fetched = await fetcher.FetchAsync(feed, item.Link!, null, null, cancellationToken);
            if (fetched.NotModified)
            {
                return item;
            }

            var (text, date) = ReadPage(feed, step, fetched.Body!);
            if (text is null)
            {
                LogNothingSelected(feed.Id, item.Key.Value, step.Text);
                return item;
            }

            return item with { Detail = text, PublishedOn = item.PublishedOn ?? date };
        }
        catch (Exception ex) when (ex is FeedFetchException or FeedParseException)
        {
            LogPageFailed(feed.Id, item.Key.Value, ex.Message);
            return item;
        }
    }

    /// <summary>The text the step selects on a fetched page (null when it selects nothing) and the page's date.</summary>
    public static (string? Text, DateOnly? Date) ReadPage(FeedDefinition feed, DetailStep step, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(step);
        var document = HtmlBody.Load(feed.Id, body);
        var text = string.Join(' ', Select(document, step.Text).Select(node => HtmlText.ToPlainText(node, step.MaxChars)).Where(t => t.Length > 0));
        if (text.Length == 0)
        {
            return (null, null);
        }

        var date = step.Date is { } datePath ? Select(document, datePath).Select(DateOf).FirstOrDefault(d => d is not null) : null;
        return (WellFormedText.Of(text.Length > step.MaxChars ? text[..step.MaxChars] : text), date);
    }

    private static List<HtmlNode> Select(HtmlDocument document, string xpath)
    {
        try
        {
            return document.DocumentNode.SelectNodes(xpath)?.ToList() ?? [];
        }
        catch (XPathException)
        {
            return [];
        }
    }

    private static DateOnly? DateOf(HtmlNode node) =>
        SourceDates.ParseCalendarDate(node.GetAttributeValue("datetime", null))
        ?? SourceDates.ParseCalendarDate(node.GetAttributeValue("content", null))
        ?? SourceDates.ParseCalendarDate(HtmlText.ToPlainText(node));

    [LoggerMessage(1020, LogLevel.Warning, "Feed {FeedId}: the page of {Item} was not read ({Reason}); the item keeps its listing text")]
    private partial void LogPageFailed(FeedId feedId, string item, string reason);

    [LoggerMessage(1021, LogLevel.Warning, "Feed {FeedId}: detail.text '{Selector}' selected nothing on the page of {Item}")]
    private partial void LogNothingSelected(FeedId feedId, string item, string selector);

    [LoggerMessage(1022, LogLevel.Information, "Feed {FeedId}: {Budget} detail pages read this poll; {LeftOut} new items keep their listing text")]
    private partial void LogBudgetSpent(FeedId feedId, int budget, int leftOut);
}
