using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads a JSON API answer (<c>json-list</c>) with the feed file's mapping: <see cref="JsonListMapping.Items"/>
/// from the root, every other field from each item. An item is keyed by its mapped id, scoped by the
/// feed's host (<c>api.congress.gov:117-hr-21</c>) unless the id is itself a link; an empty title is
/// the fallback title, else the id. An item without an id is skipped, but a mapping that finds no id
/// in any item is a <see cref="FeedParseException"/>
/// (the answer changed shape); so is a body that is not JSON. The next page is the mapped next-page
/// link, or the offset parameter moved on by a page when the page was full.
/// </summary>
internal static class JsonListParser
{
    private const int MaxExtraLength = 4000;

    public static FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);
        JsonListMapping mapping = feed.Json
            ?? throw new FeedParseException(feed.Id, "a json-list feed needs a 'json' mapping (items, id and title at least)");
        var map = CompiledMapping.Of(feed.Id, mapping);

        using JsonDocument document = Read(feed.Id, body);
        JsonElement root = document.RootElement;
        var reached = map.Items.Select(root).ToList();
        using JsonDocument? rows = mapping.Columns ? ColumnRows.Of(reached.FirstOrDefault(e => e.ValueKind == JsonValueKind.Object)) : null;
        var listed = rows is not null
            ? rows.RootElement.EnumerateArray().ToList()
            : reached.SelectMany(e => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : (IEnumerable<JsonElement>)[e])
                .Where(e => e.ValueKind == JsonValueKind.Object)
                .ToList();
        if (listed.Count == 0 && (mapping.Columns ? rows is null : !reached.Any(e => e.ValueKind == JsonValueKind.Array)))
        {
            string keys = root.ValueKind == JsonValueKind.Object ? string.Join(", ", root.EnumerateObject().Take(5).Select(p => $"'{p.Name}'")) : root.ValueKind.ToString().ToLowerInvariant();
            throw new FeedParseException(feed.Id, $"json.items '{mapping.Items}' found no {(mapping.Columns ? "object of columns" : "list of items")} in the answer (top level: {(keys.Length > 0 ? keys : "empty")})");
        }

        var nodes = listed.Where(node => map.Where.All(w => w.Path.Texts(node).Any(v => w.Values.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase)))).ToList();

        Uri linkBase = feed.Base ?? body.Url;
        var items = new List<FeedItem>(nodes.Count);
        var seen = new HashSet<ItemKey>();
        foreach (JsonElement node in nodes)
        {
            if (ToItem(feed, map, node, linkBase) is { } item && seen.Add(item.Key))
            {
                items.Add(item);
            }
        }

        if (items.Count == 0 && nodes.Count > 0)
        {
            throw new FeedParseException(feed.Id, $"none of the {nodes.Count} items has an id ('{mapping.Id}'): the answer no longer fits the mapping");
        }

        return new FeedPage(items, NextPage(feed, map, root, body.Url, listed.Count));
    }

    private static JsonDocument Read(FeedId feed, FeedBody body)
    {
        byte[] content;
        try
        {
            content = CompressedBody.InflateIfGzip(body.Content);
        }
        catch (InvalidDataException exception)
        {
            throw new FeedParseException(feed, $"expected a JSON answer, got a broken gzip body ({exception.Message})", exception);
        }

        ReadOnlyMemory<byte> json = content.AsMemory();
        if (json.Span.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        int first = json.Span.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || json.Span[first] is not ((byte)'{' or (byte)'['))
        {
            throw new FeedParseException(feed, $"expected a JSON answer, got {BodyShape.Of(content, body.ContentType).Describe()}");
        }

        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new FeedParseException(feed, $"expected a JSON answer, got invalid JSON (line {exception.LineNumber + 1})", exception);
        }
    }

    private static FeedItem? ToItem(FeedDefinition feed, CompiledMapping map, JsonElement node, Uri linkBase)
    {
        if (map.Id.First(node) is not { } id)
        {
            return null;
        }

        string title = HtmlText.ToPlainText(map.Title.First(node));
        if (title.Length == 0)
        {
            title = HtmlText.ToPlainText(map.FallbackTitle?.First(node)) is { Length: > 0 } fallback ? fallback : id;
        }

        Uri? link = map.Link?.First(node) is { } href ? FederalRegisterFields.Link(href, linkBase) : null;
        string key = Uri.TryCreate(id, UriKind.Absolute, out Uri? idUri) && idUri.Scheme is "http" or "https"
            ? idUri.GetLeftPart(UriPartial.Query)
            : $"{feed.Url.Host}:{id}";
        IReadOnlyList<string> agencies = map.Agency?.Values(node) ?? [];
        string? summary = map.Summary?.First(node) is { } text ? HtmlText.ToPlainText(text) : null;
        return new FeedItem
        {
            Key = new ItemKey(key),
            NativeId = id,
            Feed = feed.Id,
            Title = title,
            Link = link,
            Summary = string.IsNullOrEmpty(summary) ? null : summary,
            DocumentType = map.Type?.First(node) ?? feed.DefaultType,
            Agencies = agencies.Count > 0 ? agencies : feed.DefaultAgency is { } agency ? [agency] : [],
            AgencyLabels = agencies,
            Jurisdiction = feed.Jurisdiction,
            PublishedOn = map.Published?.First(node) is { } published ? CalendarDate(published) : null,
            UpdatedAt = map.Updated?.First(node) is { } updated ? Instant(updated) : null,
            Extras = map.Fields
                .SelectMany(f => f.Map.Values(node).Select(v => new ItemExtra(f.Name, v.Length > MaxExtraLength ? v[..MaxExtraLength] : v)))
                .ToList(),
        };
    }

    // A calendar date as the source wrote it: the date part of an instant in its own offset, never shifted.
    private static DateOnly? CalendarDate(string text) =>
        SourceDates.ParseInstant(text) is { } instant ? DateOnly.FromDateTime(instant.DateTime) : SourceDates.ParseCalendarDate(text);

    private static DateTimeOffset? Instant(string text) =>
        SourceDates.ParseInstant(text)?.ToUniversalTime()
        ?? (SourceDates.ParseCalendarDate(text) is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);

    private static Uri? NextPage(FeedDefinition feed, CompiledMapping map, JsonElement root, Uri fetched, int itemsOnPage)
    {
        if (map.NextPage is { } next)
        {
            return next.First(root) is { } href ? FederalRegisterFields.Link(href, fetched) : null;
        }

        if (feed.Json!.OffsetParameter is not { } parameter || itemsOnPage < feed.Json.PageSize || itemsOnPage == 0)
        {
            return null;
        }

        return QueryParameter.Replace(fetched, parameter, (QueryParameter.Read(fetched, parameter) ?? 0) + itemsOnPage);
    }

    /// <summary>The mapping's paths, parsed once per body (the loader has checked they parse).</summary>
    private sealed record CompiledMapping(
        JsonPath Items,
        JsonValueMap Id,
        JsonValueMap Title,
        JsonValueMap? FallbackTitle,
        JsonValueMap? Link,
        JsonValueMap? Published,
        JsonValueMap? Updated,
        JsonValueMap? Summary,
        JsonValueMap? Type,
        JsonValueMap? Agency,
        IReadOnlyList<(string Name, JsonValueMap Map)> Fields,
        JsonValueMap? NextPage,
        IReadOnlyList<(JsonPath Path, IReadOnlyList<string> Values)> Where)
    {
        public static CompiledMapping Of(FeedId feed, JsonListMapping mapping)
        {
            try
            {
                return new CompiledMapping(
                    JsonPath.Parse(mapping.Items),
                    JsonValueMap.Parse(mapping.Id),
                    JsonValueMap.Parse(mapping.Title),
                    Optional(mapping.FallbackTitle),
                    Optional(mapping.Link),
                    Optional(mapping.Published),
                    Optional(mapping.Updated),
                    Optional(mapping.Summary),
                    Optional(mapping.Type),
                    Optional(mapping.Agency),
                    mapping.Fields.Select(f => (f.Key, JsonValueMap.Parse(f.Value))).ToList(),
                    Optional(mapping.NextPage),
                    mapping.Where.Select(w => (JsonPath.Parse(w.Key), w.Value)).ToList());
            }
            catch (FormatException exception)
            {
                throw new FeedParseException(feed, $"the json mapping has a bad path: {exception.Message}", exception);
            }
        }

        private static JsonValueMap? Optional(string? text) => text is null ? null : JsonValueMap.Parse(text);
    }
}
