using System.Net;
using System.Text;
using HtmlAgilityPack;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// The fallback for feeds <see cref="System.ServiceModel.Syndication.SyndicationFeed"/> refuses
/// but a browser would still show: RSS 1.0 (RDF), RSS 0.9x oddities, Atom 0.3, undefined
/// entities, undeclared prefixes, stray ampersands, unclosed tags. It scans the markup with
/// HtmlAgilityPack (which never throws on bad markup and never resolves entities or DTDs), matches
/// elements by local name, and yields every <c>item</c>/<c>entry</c> it can read.
/// </summary>
internal static class LenientFeedReader
{
    private static readonly string[] SummaryNames = ["description", "summary", "content", "encoded", "abstract", "tagline"];
    private static readonly string[] PublishedNames = ["pubdate", "published", "issued", "created", "date"];
    private static readonly string[] UpdatedNames = ["updated", "modified"];

    /// <summary>How deep elements may nest; deeper is a <see cref="FeedParseException"/> (every reader of the tree recurses).</summary>
    public const int MaxDepth = 1000;

    public static IReadOnlyList<FeedEntry> Read(FeedId feed, string text, Uri feedUrl)
    {
        var document = new HtmlDocument
        {
            OptionMaxNestedChildNodes = MaxDepth,
            OptionCheckSyntax = false,
            OptionFixNestedTags = false,
            OptionAutoCloseOnEnd = true,
        };
        if (!HtmlBody.TryLoad(document, Prepare(text)))
        {
            throw new FeedParseException(feed, $"not a readable RSS or Atom feed: elements nest more than {MaxDepth} deep (tags left unclosed)");
        }

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
    /// One linear pass: a body of unclosed comments or a DOCTYPE of endless spaces costs its length.
    /// </summary>
    private static string Prepare(string text)
    {
        var prepared = new StringBuilder(text.Length + 64);
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf('<', i);
            if (open < 0)
            {
                prepared.Append(text, i, text.Length - i);
                break;
            }

            prepared.Append(text, i, open - i);
            if (MarkupScanner.At(text, open, "<![CDATA["))
            {
                int close = text.IndexOf("]]>", open + 9, StringComparison.Ordinal);
                int end = close < 0 ? text.Length : close;
                prepared.Append(WebUtility.HtmlEncode(text[(open + 9)..end]));
                i = close < 0 ? text.Length : close + 3;
            }
            else if (MarkupScanner.At(text, open, "<!--"))
            {
                i = MarkupScanner.After(text, open + 4, "-->");
            }
            else if (MarkupScanner.At(text, open, "<!DOCTYPE"))
            {
                i = MarkupScanner.AfterDoctype(text, open);
            }
            else
            {
                i = AppendTagStart(text, open, prepared);
            }
        }

        return prepared.ToString();
    }

    /// <summary>Appends the '&lt;' at <paramref name="open"/>, renaming a <c>link</c> tag (with or without a prefix) to <c>feed-link</c>; returns where to go on.</summary>
    private static int AppendTagStart(string text, int open, StringBuilder prepared)
    {
        int name = open + 1;
        if (name < text.Length && text[name] == '/')
        {
            name++;
        }

        int local = name;
        if (local < text.Length && MarkupScanner.IsNameStart(text[local]))
        {
            int end = local + 1;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.' or '-'))
            {
                end++;
            }

            if (end < text.Length && text[end] == ':')
            {
                local = end + 1;
            }
        }

        int after = local + 4;
        if (MarkupScanner.At(text, local, "link") && (after >= text.Length || !(char.IsLetterOrDigit(text[after]) || text[after] == '_')))
        {
            prepared.Append(text, open, local - open).Append("feed-link");
            return after;
        }

        prepared.Append('<');
        return open + 1;
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
}
