using System.Net;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// The fallback for feeds <see cref="System.ServiceModel.Syndication.SyndicationFeed"/> refuses
/// but a browser would still show: RSS 1.0 (RDF), RSS 0.9x oddities, Atom 0.3, undefined
/// entities, undeclared prefixes, stray ampersands, unclosed tags. It scans the markup with
/// HtmlAgilityPack (which never throws on bad markup and never resolves entities or DTDs), matches
/// elements by local name, and yields every <c>item</c>/<c>entry</c> it can read.
/// </summary>
internal static partial class LenientFeedReader
{
    private static readonly string[] SummaryNames = ["description", "summary", "content", "encoded", "abstract", "tagline"];
    private static readonly string[] PublishedNames = ["pubdate", "published", "issued", "created", "date"];
    private static readonly string[] UpdatedNames = ["updated", "modified"];

    public static IReadOnlyList<FeedEntry> Read(string text, Uri feedUrl)
    {
        var document = new HtmlDocument
        {
            OptionMaxNestedChildNodes = 1000,
            OptionCheckSyntax = false,
            OptionFixNestedTags = false,
            OptionAutoCloseOnEnd = true,
        };
        document.LoadHtml(Prepare(text));

        var entries = new List<FeedEntry>();
        foreach (HtmlNode node in document.DocumentNode.Descendants())
        {
            if (node.NodeType == HtmlNodeType.Element && LocalName(node) is "item" or "entry" && !InsideEntry(node))
            {
                entries.Add(ToEntry(node, feedUrl));
            }
        }

        return entries;
    }

    /// <summary>
    /// Makes feed XML safe to scan as HTML: CDATA sections become escaped text, comments and the
    /// DOCTYPE (and any entity it declares) are dropped, and <c>link</c> (void in HTML) is renamed.
    /// </summary>
    private static string Prepare(string text)
    {
        text = Cdata().Replace(text, match => WebUtility.HtmlEncode(match.Groups[1].Value));
        text = Comment().Replace(text, "");
        text = Doctype().Replace(text, "");
        return LinkTag().Replace(text, "<$1feed-link");
    }

    private static FeedEntry ToEntry(HtmlNode item, Uri feedUrl)
    {
        HtmlNode? title = Child(item, "title");
        string? id = ChildText(item, "id") ?? ChildText(item, "guid") ?? item.GetAttributeValue("rdf:about", null);
        return new FeedEntry(
            Id: id is null ? null : WebUtility.HtmlDecode(id).Trim(),
            Title: title is null ? "" : PlainText(title),
            Summary: SummaryNames.Select(name => Child(item, name)).Where(node => node is not null).Select(node => PlainText(node!)).FirstOrDefault(t => t.Length > 0),
            Link: LinkOf(item, feedUrl),
            Published: FirstDate(item, PublishedNames),
            Updated: FirstDate(item, UpdatedNames),
            Creators: ChildrenNamed(item, "creator").Select(PlainText).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static string PlainText(HtmlNode node)
    {
        string type = node.GetAttributeValue("type", "html").ToLowerInvariant();
        bool hasElements = node.ChildNodes.Any(child => child.NodeType == HtmlNodeType.Element);
        if (hasElements)
        {
            return HtmlText.ToPlainText(node);
        }

        string decoded = WebUtility.HtmlDecode(node.InnerHtml);
        return type is "text" or "text/plain" ? HtmlText.Collapse(decoded) : HtmlText.ToPlainText(decoded);
    }

    private static Uri? LinkOf(HtmlNode item, Uri feedUrl)
    {
        HtmlNode? best = null;
        foreach (HtmlNode link in ChildrenNamed(item, "feed-link"))
        {
            string rel = link.GetAttributeValue("rel", "alternate");
            if (rel == "alternate")
            {
                best = link;
                break;
            }

            best ??= link;
        }

        string? href = best is null
            ? null
            : best.GetAttributeValue("href", null) ?? best.InnerText;
        if (string.IsNullOrWhiteSpace(href))
        {
            string? guid = ChildText(item, "guid");
            href = guid is not null && guid.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? guid : null;
        }

        if (href is null)
        {
            return null;
        }

        Uri linkBase = BaseOf(best ?? item, feedUrl);
        return Uri.TryCreate(linkBase, WebUtility.HtmlDecode(href).Trim(), out Uri? uri) && uri.Scheme is "http" or "https" or "ftp" ? uri : null;
    }

    private static DateTimeOffset? FirstDate(HtmlNode item, string[] names)
    {
        foreach (string name in names)
        {
            if (SourceDates.ParseInstant(ChildText(item, name)) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The xml:base in scope for <paramref name="node"/>, resolved outward-in from the feed URL.</summary>
    private static Uri BaseOf(HtmlNode node, Uri feedUrl)
    {
        var bases = new Stack<string>();
        for (HtmlNode? current = node; current is not null; current = current.ParentNode)
        {
            if (current.GetAttributeValue("xml:base", null) is { } xmlBase)
            {
                bases.Push(WebUtility.HtmlDecode(xmlBase).Trim());
            }
        }

        Uri result = feedUrl;
        foreach (string xmlBase in bases)
        {
            if (Uri.TryCreate(result, xmlBase, out Uri? next) && next.Scheme is "http" or "https" or "ftp")
            {
                result = next;
            }
        }

        return result;
    }

    private static HtmlNode? Child(HtmlNode item, string localName) => ChildrenNamed(item, localName).FirstOrDefault();

    private static string? ChildText(HtmlNode item, string localName)
    {
        HtmlNode? child = Child(item, localName);
        if (child is null)
        {
            return null;
        }

        string text = WebUtility.HtmlDecode(child.InnerText).Trim();
        return text.Length > 0 ? text : null;
    }

    private static IEnumerable<HtmlNode> ChildrenNamed(HtmlNode item, string localName) =>
        item.ChildNodes.Where(child => child.NodeType == HtmlNodeType.Element && LocalName(child) == localName);

    private static bool InsideEntry(HtmlNode node)
    {
        for (HtmlNode? parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (parent.NodeType == HtmlNodeType.Element && LocalName(parent) is "item" or "entry")
            {
                return true;
            }
        }

        return false;
    }

    private static string LocalName(HtmlNode node)
    {
        string name = node.Name;
        int colon = name.LastIndexOf(':');
        return (colon >= 0 ? name[(colon + 1)..] : name).ToLowerInvariant();
    }

    [GeneratedRegex(@"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Doctype();

    [GeneratedRegex(@"<!--.*?(?:-->|$)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<!\[CDATA\[(.*?)(?:\]\]>|$)", RegexOptions.Singleline)]
    private static partial Regex Cdata();

    [GeneratedRegex(@"<(/?(?:[A-Za-z_][\w.\-]*:)?)link\b", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();
}
