using HtmlAgilityPack;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>Loads a fetched body as an HTML document, refusing bodies that are not HTML (JSON, feeds, binary, empty).</summary>
internal static class HtmlBody
{
    /// <summary>How deep a page's elements may nest; deeper is a <see cref="FeedParseException"/>.</summary>
    public const int MaxDepth = 1000;

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

        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxDepth };
        if (!TryLoad(document, text))
        {
            throw new FeedParseException(feed, $"expected an HTML page, got one whose elements nest more than {MaxDepth} deep (tags left unclosed)");
        }

        return document;
    }

    /// <summary>
    /// Loads markup into <paramref name="document"/>; false when it nests deeper than the document's
    /// <see cref="HtmlDocument.OptionMaxNestedChildNodes"/>, for which HtmlAgilityPack throws a bare
    /// <see cref="Exception"/> (the limit protects every recursive reader of the tree).
    /// </summary>
    public static bool TryLoad(HtmlDocument document, string markup)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            document.LoadHtml(markup);
            return true;
        }
        catch (Exception exception) when (exception.GetType() == typeof(Exception))
        {
            return false;
        }
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
