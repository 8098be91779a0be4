using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Wire shapes of the Federal Register API v1 answers, kept apart from <c>FeedItem</c> so API
/// quirks stay here. Dates stay strings and are read by <see cref="SourceDates"/>; only the fields
/// an alert needs are declared.
/// </summary>
internal static class FederalRegisterWire
{
    /// <summary>
    /// A list answer: <c>documents.json</c> (<c>{count, description, total_pages, next_page_url,
    /// results}</c>, no <c>results</c> when empty) or public inspection (<c>{count, results, next_page_url}</c>).
    /// </summary>
    internal sealed class Answer<TDocument>
    {
        public int? Count { get; init; }
        public List<TDocument?>? Results { get; init; }
        public string? NextPageUrl { get; init; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Other { get; set; }
    }

    internal sealed class Document
    {
        [JsonConverter(typeof(JsonScalarTextConverter))]
        public string? DocumentNumber { get; init; }
        public string? Title { get; init; }
        public string? TocSubject { get; init; }
        public string? TocDoc { get; init; }
        public string? HtmlUrl { get; init; }
        public string? Abstract { get; init; }
        public string? Action { get; init; }
        public string? Type { get; init; }
        public List<Agency?>? Agencies { get; init; }
        public List<string?>? AgencyNames { get; init; }
        public string? PublicationDate { get; init; }
        public string? EffectiveOn { get; init; }
        public string? CommentsCloseOn { get; init; }
        public string? Citation { get; init; }
        public List<CfrReference?>? CfrReferences { get; init; }
        public List<string?>? DocketIds { get; init; }

        [JsonConverter(typeof(JsonTextListConverter))]
        public List<string?>? RegulationIdNumbers { get; init; }
        public string? PdfUrl { get; init; }
        public string? RawTextUrl { get; init; }
        public string? PublicInspectionPdfUrl { get; init; }

        [JsonConverter(typeof(JsonScalarTextConverter))]
        public string? CorrectionOf { get; init; }

        /// <summary>API URLs (or numbers) of the documents correcting this one.</summary>
        [JsonConverter(typeof(JsonTextListConverter))]
        public List<string?>? Corrections { get; init; }

        /// <summary><c>true</c>, <c>false</c> or null; kept as an element so an odd value fails nothing.</summary>
        public JsonElement Significant { get; init; }

        [JsonConverter(typeof(JsonTextListConverter))]
        public List<string?>? Topics { get; init; }

        public string? Dates { get; init; }
        public string? Subtype { get; init; }

        [JsonConverter(typeof(JsonScalarTextConverter))]
        public string? ExecutiveOrderNumber { get; init; }

        public string? SigningDate { get; init; }

        /// <summary>RIN → {title, priority_category, ...}; only the keys (the RINs) are read.</summary>
        public JsonElement RegulationIdNumberInfo { get; init; }
    }

    /// <summary>An agency entry; some are only <c>{raw_name}</c>.</summary>
    internal sealed class Agency
    {
        public string? RawName { get; init; }
        public string? Name { get; init; }
        public int? Id { get; init; }
        public int? ParentId { get; init; }
        public string? Slug { get; init; }
    }

    internal sealed class CfrReference
    {
        [JsonConverter(typeof(JsonScalarTextConverter))]
        public string? Title { get; init; }

        [JsonConverter(typeof(JsonScalarTextConverter))]
        public string? Part { get; init; }
    }

    internal sealed class PublicInspectionDocument
    {
        [JsonConverter(typeof(JsonScalarTextConverter))]
        public string? DocumentNumber { get; init; }
        public string? Title { get; init; }
        public string? TocSubject { get; init; }
        public string? TocDoc { get; init; }
        public string? Type { get; init; }
        public List<Agency?>? Agencies { get; init; }
        public List<string?>? AgencyNames { get; init; }
        public List<string?>? DocketNumbers { get; init; }
        public string? FiledAt { get; init; }
        public string? FilingType { get; init; }
        public string? PublicationDate { get; init; }
        public string? EditorialNote { get; init; }
        public string? HtmlUrl { get; init; }
        public string? PdfUrl { get; init; }
        public string? RawTextUrl { get; init; }
        public string? PdfUpdatedAt { get; init; }
    }
}
