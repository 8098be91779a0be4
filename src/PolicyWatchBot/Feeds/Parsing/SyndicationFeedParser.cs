using System.ServiceModel.Syndication;
using System.Xml;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads RSS 0.9x/2.0 and Atom 1.0 with <see cref="SyndicationFeed"/> (no DTD processing, no
/// resolver: external entities are never fetched), and everything it refuses that a browser would
/// still show (RSS 1.0/RDF, Atom 0.3, undefined entities, broken markup, bad dates) with
/// <see cref="LenientFeedReader"/>. Bytes are decoded by <see cref="BodyText"/>; gzip bodies are
/// inflated. A body that is not a feed (an HTML page, JSON) is a <see cref="FeedParseException"/>,
/// and so is broken XML from which no item could be recovered.
/// </summary>
internal static class SyndicationFeedParser
{
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string Atom10 = "http://www.w3.org/2005/Atom";

    public static FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);

        byte[] content;
        try
        {
            content = CompressedBody.InflateIfGzip(body.Content);
        }
        catch (InvalidDataException exception)
        {
            throw new FeedParseException(feed.Id, $"expected an RSS or Atom feed, got a broken gzip body ({exception.Message})", exception);
        }

        string text = BodyText.Decode(content, body.ContentType);
        BodyShape shape = BodyShape.Inspect(text);
        if (shape.Format != BodyFormat.Feed)
        {
            throw new FeedParseException(feed.Id, $"expected an RSS or Atom feed, got {shape.Describe()}");
        }

        IReadOnlyList<FeedEntry>? entries = null;
        string? refusal = null;
        if (shape.Root is "rss" or "feed")
        {
            try
            {
                entries = ReadStrict(text, body.Url);
            }
            catch (Exception exception) when (exception is XmlException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                refusal = exception.Message;
            }
        }

        if (entries is null)
        {
            entries = LenientFeedReader.Read(feed.Id, text, body.Url);
            if (entries.Count == 0 && (refusal is not null || shape.Root is not ("rss" or "feed")) && WellFormednessError(text) is { } error)
            {
                throw new FeedParseException(feed.Id, $"not a readable RSS or Atom feed: {error}");
            }
        }

        var items = new List<FeedItem>(entries.Count);
        foreach (FeedEntry entry in entries)
        {
            items.Add(ToItem(feed, entry));
        }

        return new FeedPage(items, null);
    }

    /// <summary>Reader settings for untrusted XML: DTDs ignored, nothing resolved, entity expansion capped.</summary>
    public static XmlReaderSettings SafeReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = 256L * 1024 * 1024,
    };

    private static FeedItem ToItem(FeedDefinition feed, FeedEntry entry)
    {
        (ItemKey key, string native) = SyndicationItemKey.For(feed.Id, entry);
        string title = entry.Title.Length > 0
            ? entry.Title
            : entry.Summary is { Length: > 0 } summary ? Shorten(summary, 120) : entry.Link?.AbsoluteUri ?? native;
        IReadOnlyList<string> agencies = key.Value.StartsWith("fr:", StringComparison.Ordinal) && entry.Creators.Count > 0
            ? entry.Creators
            : feed.DefaultAgency is { } agency ? [agency] : [];
        DateTimeOffset? dated = entry.Published ?? entry.Updated;
        return new FeedItem
        {
            Key = key,
            NativeId = native,
            Feed = feed.Id,
            Title = title,
            Link = entry.Link,
            Summary = entry.Summary is { Length: > 0 } ? entry.Summary : null,
            DocumentType = feed.DefaultType,
            Agencies = agencies,
            Jurisdiction = feed.Jurisdiction,
            PublishedOn = dated is { } date ? DateOnly.FromDateTime(date.DateTime) : null,
            UpdatedAt = (entry.Updated ?? entry.Published)?.ToUniversalTime(),
        };
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd() + "...";

    private static List<FeedEntry> ReadStrict(string text, Uri feedUrl)
    {
        using var stringReader = new StringReader(text);
        using var reader = XmlReader.Create(stringReader, SafeReaderSettings());
        reader.MoveToContent();
        SyndicationFeedFormatter formatter = reader.LocalName == "rss"
            ? new Rss20FeedFormatter { DateTimeParser = ParseDate }
            : reader.NamespaceURI == Atom10
                ? new Atom10FeedFormatter { DateTimeParser = ParseDate }
                : throw new InvalidOperationException($"<{reader.Name}> in namespace '{reader.NamespaceURI}' is not RSS 2.0 or Atom 1.0");
        formatter.ReadFrom(reader);
        SyndicationFeed syndicationFeed = formatter.Feed;
        bool rss = formatter is Rss20FeedFormatter;
        Uri feedBase = Resolve(feedUrl, syndicationFeed.BaseUri);

        var entries = new List<FeedEntry>();
        foreach (SyndicationItem item in syndicationFeed.Items)
        {
            Uri itemBase = Resolve(feedBase, item.BaseUri);
            entries.Add(new FeedEntry(
                Id: item.Id,
                Title: TextOf(item.Title, rss),
                Summary: SummaryOf(item, rss),
                Link: LinkOf(item, itemBase),
                Published: Dated(item.PublishDate) ?? ExtensionDate(item, "date"),
                Updated: Dated(item.LastUpdatedTime),
                Creators: Creators(item)));
        }

        return entries;
    }

    private static bool ParseDate(XmlDateTimeData data, out DateTimeOffset dateTime)
    {
        // A date the source wrote badly is absent, not a reason to refuse the whole feed.
        dateTime = SourceDates.ParseInstant(data.DateTimeString) ?? DateTimeOffset.MinValue;
        return true;
    }

    private static DateTimeOffset? Dated(DateTimeOffset value) => value == DateTimeOffset.MinValue || value == default ? null : value;

    /// <summary>
    /// Atom <c>type="text"</c> is plain text; Atom html/xhtml and every RSS text (which may hold
    /// escaped HTML, or entities escaped twice) are reduced from HTML.
    /// </summary>
    private static string TextOf(TextSyndicationContent? content, bool rss) =>
        content is null ? "" : content.Type == "text" && !rss ? HtmlText.Collapse(content.Text) : HtmlText.ToPlainText(content.Text);

    private static string? SummaryOf(SyndicationItem item, bool rss)
    {
        string summary = TextOf(item.Summary, rss);
        if (summary.Length == 0 && item.Content is TextSyndicationContent content)
        {
            summary = TextOf(content, rss);
        }

        if (summary.Length == 0)
        {
            summary = HtmlText.ToPlainText(ExtensionText(item, "encoded"));
        }

        return summary.Length > 0 ? summary : null;
    }

    private static Uri? LinkOf(SyndicationItem item, Uri itemBase)
    {
        SyndicationLink? link = item.Links.FirstOrDefault(l => (l.RelationshipType is null or "alternate") && (l.MediaType is null || l.MediaType.Contains("html", StringComparison.OrdinalIgnoreCase)))
            ?? item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")
            ?? item.Links.FirstOrDefault();
        if (link?.Uri is { } uri)
        {
            Uri linkBase = Resolve(itemBase, link.BaseUri);
            return Absolute(linkBase, uri);
        }

        // RSS: a guid that is a URL is the permalink when there is no <link>.
        return item.Id is { } id && Uri.TryCreate(id, UriKind.Absolute, out Uri? permalink) && permalink.Scheme is "http" or "https"
            ? permalink
            : null;
    }

    private static Uri Resolve(Uri current, Uri? xmlBase) => xmlBase is null ? current : Absolute(current, xmlBase) ?? current;

    private static Uri? Absolute(Uri baseUri, Uri uri)
    {
        if (uri.IsAbsoluteUri)
        {
            return uri.Scheme is "http" or "https" or "ftp" ? uri : null;
        }

        return Uri.TryCreate(baseUri, uri, out Uri? absolute) && absolute.Scheme is "http" or "https" or "ftp" ? absolute : null;
    }

    private static DateTimeOffset? ExtensionDate(SyndicationItem item, string localName) =>
        SourceDates.ParseInstant(ExtensionText(item, localName));

    private static string? ExtensionText(SyndicationItem item, string localName)
    {
        foreach (SyndicationElementExtension extension in item.ElementExtensions)
        {
            if (extension.OuterName == localName)
            {
                using XmlReader reader = extension.GetReader();
                return reader.ReadElementContentAsString();
            }
        }

        return null;
    }

    private static List<string> Creators(SyndicationItem item)
    {
        var creators = new List<string>();
        foreach (SyndicationElementExtension extension in item.ElementExtensions)
        {
            if (extension.OuterName == "creator" && extension.OuterNamespace == DublinCore)
            {
                using XmlReader reader = extension.GetReader();
                string name = HtmlText.Collapse(reader.ReadElementContentAsString());
                if (name.Length > 0 && !creators.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    creators.Add(name);
                }
            }
        }

        return creators;
    }

    private static string? WellFormednessError(string text)
    {
        try
        {
            using var stringReader = new StringReader(text);
            using var reader = XmlReader.Create(stringReader, SafeReaderSettings());
            while (reader.Read())
            {
            }

            return null;
        }
        catch (XmlException exception)
        {
            return exception.Message;
        }
    }
}
