using System.Text.Json;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// The one entry point for reading a fetched body: dispatches on <see cref="FeedDefinition.Kind"/>
/// to the parser of that format. Stateless and thread-safe. Every failure to read the body is a
/// <see cref="FeedParseException"/> with a one-line message naming the feed; a wrong body is never
/// read as zero items. The items' text is well-formed (<see cref="Core.WellFormedText"/>).
/// </summary>
internal sealed class FeedParser
{
    /// <summary>The feed id used in errors when <see cref="DetectKind"/> reads a body with no feed definition.</summary>
    public static readonly FeedId InputFeed = new("(input)");

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The contract is an instance API: the host registers one FeedParser and tests can wrap it.")]
    public FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);
        FeedPage page = feed.Kind switch
        {
            FeedKind.FederalRegister => FederalRegisterDocumentsParser.Parse(feed, body),
            FeedKind.FederalRegisterPublicInspection => FederalRegisterPublicInspectionParser.Parse(feed, body),
            FeedKind.Syndication => SyndicationFeedParser.Parse(feed, body),
            FeedKind.HtmlList => HtmlListParser.Parse(feed, body),
            FeedKind.HtmlPage => HtmlPageParser.Parse(feed, body),
            FeedKind.JsonList => JsonListParser.Parse(feed, body),
            FeedKind.EntityList => throw new FeedParseException(feed.Id, "an entity-list feed's body is a version of its list, read by the poll entity by entity, not a page of items"),
            _ => throw new FeedParseException(feed.Id, $"feed kind '{feed.Kind}' has no parser"),
        };

        // Character references and JSON escapes can spell lone surrogates; everything downstream gets well-formed text.
        return page with { Items = [.. page.Items.Select(item => KeyParameter.Apply(feed, item.WithWellFormedText()))] };
    }

    /// <summary>
    /// Guesses the kind of a saved body (for the offline <c>match</c> command): Federal Register
    /// documents JSON, public-inspection JSON, or RSS/Atom XML. HTML pages are not guessed (they
    /// need selectors); anything else is a <see cref="FeedParseException"/> for <see cref="InputFeed"/>.
    /// </summary>
    public static FeedKind DetectKind(FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte[] content;
        try
        {
            content = CompressedBody.InflateIfGzip(body.Content);
        }
        catch (InvalidDataException exception)
        {
            throw new FeedParseException(InputFeed, $"cannot tell the feed kind: broken gzip body ({exception.Message})", exception);
        }

        BodyShape shape = BodyShape.Of(content, body.ContentType);
        return shape.Format switch
        {
            BodyFormat.Feed => FeedKind.Syndication,
            BodyFormat.Json => DetectJsonKind(content, body.Url),
            _ => throw new FeedParseException(InputFeed, $"cannot tell the feed kind: expected Federal Register JSON or an RSS/Atom feed, got {shape.Describe()}"),
        };
    }

    private static FeedKind DetectJsonKind(byte[] content, Uri url)
    {
        const string Expected = "cannot tell the feed kind: expected a Federal Register JSON object";
        try
        {
            ReadOnlyMemory<byte> json = content.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? content.AsMemory(3) : content;
            using JsonDocument document = JsonDocument.Parse(WellFormedJson.Of(json));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FeedParseException(InputFeed, $"{Expected}, got a JSON {root.ValueKind.ToString().ToLowerInvariant()}");
            }

            if (IsPublicInspectionDocument(root))
            {
                return FeedKind.FederalRegisterPublicInspection;
            }

            if (root.TryGetProperty("results", out JsonElement results) && results.ValueKind == JsonValueKind.Array)
            {
                JsonElement? first = results.GetArrayLength() > 0 ? results[0] : null;
                if (first is { ValueKind: JsonValueKind.Object } item)
                {
                    return IsPublicInspectionDocument(item) ? FeedKind.FederalRegisterPublicInspection : FeedKind.FederalRegister;
                }

                return PublicInspectionUrl(root, url) ? FeedKind.FederalRegisterPublicInspection : FeedKind.FederalRegister;
            }

            if (root.TryGetProperty("count", out _) && root.TryGetProperty("description", out _))
            {
                return FeedKind.FederalRegister;
            }

            string keys = string.Join(", ", root.EnumerateObject().Take(5).Select(p => $"'{p.Name}'"));
            throw new FeedParseException(InputFeed, $"{Expected} with 'results', got an object with keys {(keys.Length > 0 ? keys : "none")}");
        }
        catch (JsonException exception)
        {
            throw new FeedParseException(InputFeed, $"{Expected}, got invalid JSON (line {exception.LineNumber + 1})", exception);
        }
        catch (InvalidOperationException exception)
        {
            // A string the reader cannot turn into text (WellFormedJson leaves nothing of the kind it knows).
            throw new FeedParseException(InputFeed, $"{Expected}, got JSON with a string that is not text ({exception.Message})", exception);
        }
    }

    private static bool IsPublicInspectionDocument(JsonElement element) =>
        element.TryGetProperty("filed_at", out _) || element.TryGetProperty("filing_type", out _)
        || element.TryGetProperty("pdf_updated_at", out _);

    private static bool PublicInspectionUrl(JsonElement root, Uri url)
    {
        string next = root.TryGetProperty("next_page_url", out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        return next.Contains("public", StringComparison.OrdinalIgnoreCase)
            || url.AbsolutePath.Contains("public", StringComparison.OrdinalIgnoreCase);
    }
}
