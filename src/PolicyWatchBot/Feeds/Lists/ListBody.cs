using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The text of a downloaded list, and the checks that tell a list from what a server sends in its
/// place: an HTML error page, an S3 <c>NoSuchKey</c> XML, an empty body. Each is a
/// <see cref="FeedParseException"/> saying what came, never a list of no one.
/// </summary>
internal static class ListBody
{
    /// <summary>The body as text: its encoding detected, the DOS end-of-file byte (0x1A) OFAC's CSV ends with removed.</summary>
    public static string Text(FeedBody body) => BodyText.Decode(CompressedBody.InflateIfGzip(body.Content), body.ContentType).TrimEnd('\u001A', '\r', '\n', ' ');

    /// <summary>Fails unless the text looks like delimited rows (not HTML, XML, JSON or empty).</summary>
    public static void ExpectRows(FeedId feed, string text, string expected)
    {
        var shape = BodyShape.Inspect(text);
        if (shape.Format != BodyFormat.Text)
        {
            throw new FeedParseException(feed, $"expected {expected}, got {Describe(text, shape)}");
        }
    }

    /// <summary>The parsed XML document, failing with what came when its root is not <paramref name="root"/>.</summary>
    public static XDocument ExpectXml(FeedId feed, string text, string root, string expected)
    {
        var shape = BodyShape.Inspect(text);
        if (shape.Format is not (BodyFormat.Xml or BodyFormat.Feed))
        {
            throw new FeedParseException(feed, $"expected {expected}, got {Describe(text, shape)}");
        }

        XDocument document;
        try
        {
            using var reader = System.Xml.XmlReader.Create(new StringReader(text), SyndicationFeedParser.SafeReaderSettings());
            document = XDocument.Load(reader);
        }
        catch (System.Xml.XmlException exception)
        {
            throw new FeedParseException(feed, $"expected {expected}, got XML that does not parse (line {exception.LineNumber}: {exception.Message})", exception);
        }

        if (document.Root is not { } element || element.Name.LocalName != root)
        {
            throw new FeedParseException(feed, $"expected {expected}, got {Describe(text, shape)}");
        }

        return document;
    }

    private static string Describe(string text, BodyShape shape)
    {
        if (shape.Format == BodyFormat.Xml && shape.Root == "Error")
        {
            try
            {
                var error = XDocument.Parse(text).Root!;
                return $"an error document ({error.Element("Code")?.Value}: {error.Element("Message")?.Value})";
            }
            catch (System.Xml.XmlException)
            {
                return "an error document";
            }
        }

        return shape.Describe();
    }
}
