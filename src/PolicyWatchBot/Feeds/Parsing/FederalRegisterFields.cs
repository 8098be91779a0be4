using System.Globalization;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>Field rules shared by the Federal Register documents and public-inspection parsers.</summary>
internal static partial class FederalRegisterFields
{
    private static readonly string[] NextPagePaths =
    [
        "/api/v1/documents", "/api/v1/public-inspection-documents", "/api/v1/public_inspection_documents",
    ];

    /// <summary>
    /// The body as UTF-8 JSON bytes (inflated, BOM skipped) when it starts with a JSON object;
    /// otherwise a <see cref="FeedParseException"/> saying what came instead.
    /// </summary>
    public static ReadOnlyMemory<byte> RequireJsonObject(FeedId feed, FeedBody body, string expectation)
    {
        byte[] content;
        try
        {
            content = CompressedBody.InflateIfGzip(body.Content);
        }
        catch (InvalidDataException exception)
        {
            throw new FeedParseException(feed, $"{expectation}, got a broken gzip body ({exception.Message})", exception);
        }

        ReadOnlyMemory<byte> json = content;
        if (json.Span.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        ReadOnlySpan<byte> span = json.Span;
        int first = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || span[first] != (byte)'{')
        {
            BodyShape shape = BodyShape.Of(content, body.ContentType);
            string got = shape.Format == BodyFormat.Json ? "a JSON array or value" : shape.Describe();
            throw new FeedParseException(feed, $"{expectation}, got {got}");
        }

        return WellFormedJson.Of(json);
    }

    /// <summary>
    /// Every agency's name and raw name (entries may be only <c>{raw_name}</c>; parents are listed
    /// as entries of their own), then <c>agency_names</c>; distinct, case-insensitively, in order.
    /// </summary>
    /// <summary>
    /// Turns a list answer into a page: no <c>results</c> with <c>count: 0</c> is the empty answer
    /// (zero items); no <c>results</c> otherwise is the wrong body, named by its keys
    /// (<paramref name="missing"/> says what it lacks, in the words of <paramref name="expectation"/>).
    /// </summary>
    public static FeedPage ToPage<TDocument>(
        FeedDefinition feed,
        FeedBody body,
        FederalRegisterWire.Answer<TDocument>? answer,
        string expectation,
        string missing,
        Func<FeedDefinition, Uri, TDocument?, int, FeedItem> toItem)
    {
        if (answer?.Results is not { } results)
        {
            if (answer is { Count: 0 })
            {
                return new FeedPage([], null) { Total = 0 };
            }

            string keys = answer?.Other is { Count: > 0 } other ? string.Join(", ", other.Keys.Take(5).Select(k => $"'{k}'")) : "none";
            throw new FeedParseException(feed.Id, $"{expectation}, got a JSON object without {missing} (keys {keys})");
        }

        var items = new List<FeedItem>(results.Count);
        for (int index = 0; index < results.Count; index++)
        {
            items.Add(toItem(feed, body.Url, results[index], index));
        }

        return new FeedPage(items, NextPage(answer.NextPageUrl, body.Url)) { Total = answer.Count };
    }

    /// <summary>
    /// One display name per agency: the raw name as printed in the document ("Bureau of Industry and
    /// Security") unless it is written in capitals ("DEPARTMENT OF COMMERCE"), then the FR name.
    /// </summary>
    public static IReadOnlyList<string> AgencyLabels(IEnumerable<FederalRegisterWire.Agency?>? agencies)
    {
        var labels = new List<string>();
        foreach (FederalRegisterWire.Agency? agency in agencies ?? [])
        {
            string raw = HtmlText.Collapse(agency?.RawName);
            string name = HtmlText.Collapse(agency?.Name);
            string label = raw.Length > 0 && (raw.Any(char.IsLower) || name.Length == 0) ? raw : name;
            if (label.Length > 0 && !labels.Contains(label, StringComparer.OrdinalIgnoreCase))
            {
                labels.Add(label);
            }
        }

        return labels;
    }

    public static IReadOnlyList<string> Agencies(IEnumerable<FederalRegisterWire.Agency?>? agencies, IEnumerable<string?>? agencyNames)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        void Add(string? name)
        {
            string text = HtmlText.Collapse(name);
            if (text.Length > 0 && seen.Add(text))
            {
                names.Add(text);
            }
        }

        foreach (FederalRegisterWire.Agency? agency in agencies ?? [])
        {
            Add(agency?.Name);
            Add(agency?.RawName);
        }

        foreach (string? name in agencyNames ?? [])
        {
            Add(name);
        }

        return names;
    }

    /// <summary>A <c>YYYY-MM-DD</c> calendar date, read as written (no time zone).</summary>
    public static DateOnly? CalendarDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : SourceDates.ParseCalendarDate(text);
    }

    /// <summary>An absolute http(s) link, or null.</summary>
    public static Uri? Link(string? text, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(baseUrl, text.Trim(), out Uri? uri))
        {
            return null;
        }

        return uri.Scheme is "http" or "https" ? uri : null;
    }

    /// <summary>Non-blank, trimmed, distinct strings from several lists, in order.</summary>
    public static IReadOnlyList<string> Distinct(params IEnumerable<string?>?[] lists)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (IEnumerable<string?>? list in lists)
        {
            foreach (string? value in list ?? [])
            {
                string text = HtmlText.Collapse(value);
                if (text.Length > 0 && seen.Add(text))
                {
                    result.Add(text);
                }
            }
        }

        return result;
    }

    /// <summary>The member names of a JSON object (<c>regulation_id_number_info</c> is keyed by RIN); none for anything else.</summary>
    public static IEnumerable<string?> Keys(System.Text.Json.JsonElement element) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Object ? element.EnumerateObject().Select(p => (string?)p.Name).ToList() : [];

    /// <summary>
    /// <c>next_page_url</c> when it stays on the documents or public-inspection API of the host
    /// that was fetched (or federalregister.gov); anything else is ignored.
    /// </summary>
    public static Uri? NextPage(string? nextPageUrl, Uri fetched)
    {
        if (Link(nextPageUrl, fetched) is not { } next)
        {
            return null;
        }

        bool knownHost = next.Host.Equals(fetched.Host, StringComparison.OrdinalIgnoreCase)
            || next.Host.Equals("www.federalregister.gov", StringComparison.OrdinalIgnoreCase)
            || next.Host.Equals("federalregister.gov", StringComparison.OrdinalIgnoreCase);
        string path = next.AbsolutePath;
        bool knownPath = NextPagePaths.Any(prefix =>
            path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] is '.' or '/'));
        return knownHost && knownPath && string.IsNullOrEmpty(next.UserInfo) ? next : null;
    }

    /// <summary>
    /// The document number in <c>correction_of</c>, which comes as an API URL
    /// (<c>https://www.federalregister.gov/api/v1/documents/2023-27742</c>) or as the number itself.
    /// </summary>
    public static string? DocumentNumberOf(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        string text = reference.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
        {
            string last = uri.AbsolutePath.TrimEnd('/').Split('/')[^1];
            text = last.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? last[..^5] : last;
        }

        return DocumentNumber().IsMatch(text) ? text : null;
    }

    /// <summary>"15 CFR 744"; "15 CFR" when the part is missing.</summary>
    public static IReadOnlyList<string> CfrReferences(IEnumerable<FederalRegisterWire.CfrReference?>? references) =>
        Distinct((references ?? [])
            .Where(reference => !string.IsNullOrWhiteSpace(reference?.Title))
            .Select(reference => string.IsNullOrWhiteSpace(reference!.Part)
                ? $"{reference.Title!.Trim()} CFR"
                : $"{reference.Title!.Trim()} CFR {reference.Part.Trim()}"));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]*\d$")]
    private static partial Regex DocumentNumber();
}
