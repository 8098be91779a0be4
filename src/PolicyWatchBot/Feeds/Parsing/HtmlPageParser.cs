using HtmlAgilityPack;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Watches one page (<c>html-page</c>): yields a single item keyed by the page URL (without
/// fragment) whose summary is the normalised text of the region <see cref="HtmlSelectors.Item"/>
/// selects, so any change in that text is a changed summary. Counters and navigation outside the
/// region are ignored. A region that matches nothing is a <see cref="FeedParseException"/>: an
/// empty summary would look like a real change.
/// </summary>
internal static class HtmlPageParser
{
    public static FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);
        HtmlSelectors selectors = feed.Html
            ?? throw new FeedParseException(feed.Id, "an html-page feed needs html.item selecting the watched region");

        HtmlDocument document = HtmlBody.Load(feed.Id, body);
        IReadOnlyList<HtmlNode> region = HtmlBody.Select(feed.Id, document.DocumentNode, selectors.Item, "item");
        if (region.Count == 0)
        {
            throw new FeedParseException(feed.Id, $"html.item XPath '{selectors.Item}' matched nothing on the page");
        }

        string text = string.Join(' ', region.Select(n => HtmlText.ToPlainText(n)).Where(t => t.Length > 0));
        HtmlNode? titleNode = selectors.Title is { } titlePath
            ? HtmlBody.First(HtmlBody.Select(feed.Id, document.DocumentNode, titlePath, "title"))
            : document.DocumentNode.SelectSingleNode("//title") ?? document.DocumentNode.SelectSingleNode("//h1");
        string title = titleNode is null ? "" : HtmlText.ToPlainText(titleNode);
        string url = body.Url.GetLeftPart(UriPartial.Query);
        return new FeedPage(
            [
                new FeedItem
                {
                    Key = new ItemKey(url),
                    NativeId = url,
                    Feed = feed.Id,
                    Title = title.Length > 0 ? title : feed.Title,
                    Link = new Uri(url),
                    Summary = text,
                    DocumentType = feed.DefaultType,
                    Agencies = feed.DefaultAgency is { } agency ? [agency] : [],
                    Jurisdiction = feed.Jurisdiction,
                },
            ],
            null);
    }
}
