using HtmlAgilityPack;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>Loads a fetched body as an HTML document, refusing bodies that are not HTML (JSON, feeds, binary, empty).</summary>
internal static class HtmlBody
{
    public static HtmlDocument Load(FeedId feed, FeedBody body)
    {
        byte[] content;
        try
        {
            content = CompressedBody.InflateIfGzip(body.Content);
        }
        catch (InvalidDataException exception)
        {
            throw new FeedParseException(feed, $"expected an HTML page, got a broken gzip body ({exception.Message})", exception);
        }

        string text = BodyText.Decode(content, body.ContentType);
        BodyShape shape = BodyShape.Inspect(text);
        bool html = shape.Format == BodyFormat.Html
            || (shape.Format == BodyFormat.Xml && text.Contains("<body", StringComparison.OrdinalIgnoreCase))
            || (shape.Format == BodyFormat.Text && text.Contains("<html", StringComparison.OrdinalIgnoreCase) && !text.Contains('\0', StringComparison.Ordinal));
        if (!html)
        {
            throw new FeedParseException(feed, $"expected an HTML page, got {shape.Describe()}");
        }

        var document = new HtmlDocument { OptionMaxNestedChildNodes = 5000 };
        document.LoadHtml(text);
        return document;
    }

    /// <summary>Nodes selected by an XPath, or a clear error when the XPath itself is broken.</summary>
    public static IReadOnlyList<HtmlNode> Select(FeedId feed, HtmlNode context, string xpath, string selectorName)
    {
        try
        {
            return context.SelectNodes(xpath)?.ToList() ?? [];
        }
        catch (System.Xml.XPath.XPathException exception)
        {
            throw new FeedParseException(feed, $"html.{selectorName} XPath '{xpath}' is not valid: {exception.Message}", exception);
        }
    }

    public static HtmlNode? First(IReadOnlyList<HtmlNode> nodes) => nodes.Count > 0 ? nodes[0] : null;
}
