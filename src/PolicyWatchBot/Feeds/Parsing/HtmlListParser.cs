using System.Net;
using HtmlAgilityPack;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads a news or actions listing with the feed's XPath selectors: <see cref="HtmlSelectors.Item"/>
/// selects item nodes, and <c>Title</c>, <c>Link</c>, <c>Date</c>, <c>Summary</c> are evaluated
/// relative to each. Links resolve against the feed's <c>base</c> when it has one, else the page URL
/// (or its <c>&lt;base href&gt;</c>); the key
/// is the absolute link without fragment. Zero matching nodes is zero items (the poller watches for
/// a zero yield); a body that is not HTML is a <see cref="FeedParseException"/>. Nodes with neither
/// title nor link (layout wrappers) are skipped, and a link listed twice yields one item.
/// </summary>
internal static class HtmlListParser
{
    /// <summary>How much text of one listed item is read for its title, summary, link or date.</summary>
    public const int MaxItemText = 10_000;

    public static FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);
        HtmlSelectors selectors = feed.Html
            ?? throw new FeedParseException(feed.Id, "an html-list feed needs html selectors (html.item at least)");

        HtmlDocument document = HtmlBody.Load(feed.Id, body);
        Uri pageBase = feed.Base ?? PageBase(document, body.Url);
        var items = new List<FeedItem>();
        var seen = new HashSet<ItemKey>();
        foreach (HtmlNode node in HtmlBody.Select(feed.Id, document.DocumentNode, selectors.Item, "item"))
        {
            if (ToItem(feed, selectors, node, pageBase) is { } item && seen.Add(item.Key))
            {
                items.Add(item);
            }
        }

        return new FeedPage(items, null);
    }

    private static FeedItem? ToItem(FeedDefinition feed, HtmlSelectors selectors, HtmlNode node, Uri pageBase)
    {
        HtmlNode? linkNode = selectors.Link is { } linkPath
            ? HtmlBody.First(HtmlBody.Select(feed.Id, node, linkPath, "link"))
            : node.Name == "a" ? node : node.SelectSingleNode(".//a[@href]");
        Uri? link = LinkOf(linkNode, pageBase);

        HtmlNode? titleNode = selectors.Title is { } titlePath ? HtmlBody.First(HtmlBody.Select(feed.Id, node, titlePath, "title")) : linkNode;
        string title = titleNode is null ? "" : HtmlText.ToPlainText(titleNode, MaxItemText);
        if (title.Length == 0 && link is null)
        {
            return null;
        }

        string? summary = selectors.Summary is { } summaryPath
            ? string.Join(' ', HtmlBody.Select(feed.Id, node, summaryPath, "summary").Select(n => HtmlText.ToPlainText(n, MaxItemText))).Trim()
            : null;
        DateOnly? date = selectors.Date is { } datePath
            ? HtmlBody.Select(feed.Id, node, datePath, "date").Select(DateOf).FirstOrDefault(d => d is not null)
            : null;

        string native = link is not null
            ? link.GetLeftPart(UriPartial.Query)
            : $"{pageBase.GetLeftPart(UriPartial.Query)}#{Uri.EscapeDataString(title)}";
        return new FeedItem
        {
            Key = new ItemKey(native),
            NativeId = native,
            Feed = feed.Id,
            Title = title.Length > 0 ? title : native,
            Link = link,
            Summary = string.IsNullOrEmpty(summary) ? null : summary,
            DocumentType = feed.DefaultType,
            Agencies = feed.DefaultAgency is { } agency ? [agency] : [],
            Jurisdiction = feed.Jurisdiction,
            PublishedOn = date,
        };
    }

    /// <summary>The page URL, or the page's own <c>&lt;base href&gt;</c> resolved against it.</summary>
    public static Uri PageBase(HtmlDocument document, Uri pageUrl)
    {
        string? href = document.DocumentNode.SelectSingleNode("//head/base[@href]")?.GetAttributeValue("href", null);
        return href is not null && Uri.TryCreate(pageUrl, WebUtility.HtmlDecode(href).Trim(), out Uri? baseUri) && baseUri.Scheme is "http" or "https"
            ? baseUri
            : pageUrl;
    }

    private static Uri? LinkOf(HtmlNode? node, Uri pageBase)
    {
        if (node is null)
        {
            return null;
        }

        string? href = node.GetAttributeValue("href", null) ?? node.GetAttributeValue("data-href", null) ?? node.SelectSingleNode(".//a[@href]")?.GetAttributeValue("href", null);
        href ??= HtmlText.ToPlainText(node, MaxItemText);
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        return Uri.TryCreate(pageBase, WebUtility.HtmlDecode(href).Trim(), out Uri? uri) && uri.Scheme is "http" or "https" ? uri : null;
    }

    private static DateOnly? DateOf(HtmlNode node) =>
        SourceDates.ParseCalendarDate(node.GetAttributeValue("datetime", null))
        ?? SourceDates.ParseCalendarDate(node.GetAttributeValue("content", null))
        ?? SourceDates.ParseCalendarDate(HtmlText.ToPlainText(node, MaxItemText));
}
