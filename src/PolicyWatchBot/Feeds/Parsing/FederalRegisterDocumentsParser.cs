using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads a Federal Register <c>documents.json</c> search answer (or a single-document answer with
/// the same fields inside <c>results</c>). The empty answer has no <c>results</c> key and is zero
/// items; anything that is not a JSON object of that shape is a <see cref="FeedParseException"/>.
/// </summary>
internal static class FederalRegisterDocumentsParser
{
    private const string Expectation = "expected a JSON object with 'results'";

    public static FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);

        ReadOnlyMemory<byte> json = FederalRegisterFields.RequireJsonObject(feed.Id, body, Expectation);
        FederalRegisterWire.Answer<FederalRegisterWire.Document>? answer;
        try
        {
            answer = JsonSerializer.Deserialize(json.Span, FederalRegisterJsonContext.Default.DocumentsAnswer);
        }
        catch (JsonException exception)
        {
            throw new FeedParseException(feed.Id, $"{Expectation}, got JSON that does not fit at {exception.Path ?? "$"} (line {exception.LineNumber + 1})", exception);
        }

        return FederalRegisterFields.ToPage(feed, body, answer, Expectation, "'results'", ToItem);
    }

    // The API gives raw_text_url only when fields[] asks for it; its documented form is fixed by the
    // publication date and document number, on the API's own host.
    private static Uri? RawTextLinkOf(string number, DateOnly? published, Uri baseUrl) =>
        published is { } day && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? new Uri(baseUrl, $"/documents/full_text/text/{day:yyyy'/'MM'/'dd}/{number}.txt")
            : null;

    private static FeedItem ToItem(FeedDefinition feed, Uri baseUrl, FederalRegisterWire.Document? document, int index)
    {
        string number = HtmlText.Collapse(document?.DocumentNumber);
        if (document is null || number.Length == 0)
        {
            throw new FeedParseException(feed.Id, $"results[{index}] has no document_number");
        }

        IReadOnlyList<string> agencies = FederalRegisterFields.Agencies(document.Agencies, document.AgencyNames);
        string title = HtmlText.ToPlainText(document.Title);
        if (title.Length == 0)
        {
            title = HtmlText.Collapse($"{document.TocSubject} {document.TocDoc}");
        }

        string? summary = HtmlText.ToPlainText(document.Abstract);
        string? action = HtmlText.Collapse(document.Action);
        string? type = HtmlText.Collapse(document.Type);
        return new FeedItem
        {
            Key = ItemKey.FederalRegister(number),
            NativeId = number,
            Feed = feed.Id,
            Title = title.Length > 0 ? title : number,
            Link = FederalRegisterFields.Link(document.HtmlUrl, baseUrl),
            Summary = summary.Length > 0 ? summary : null,
            Action = action.Length > 0 ? action : null,
            DocumentType = type.Length > 0 ? type : feed.DefaultType,
            Agencies = agencies.Count > 0 ? agencies : feed.DefaultAgency is { } agency ? [agency] : [],
            AgencyLabels = FederalRegisterFields.AgencyLabels(document.Agencies),
            Jurisdiction = feed.Jurisdiction,
            PublishedOn = FederalRegisterFields.CalendarDate(document.PublicationDate),
            EffectiveOn = FederalRegisterFields.CalendarDate(document.EffectiveOn),
            CommentsCloseOn = FederalRegisterFields.CalendarDate(document.CommentsCloseOn),
            CfrReferences = FederalRegisterFields.CfrReferences(document.CfrReferences),
            Dockets = FederalRegisterFields.Distinct(document.DocketIds, document.RegulationIdNumbers, FederalRegisterFields.Keys(document.RegulationIdNumberInfo)),
            PdfLink = FederalRegisterFields.Link(document.PdfUrl, baseUrl),
            RawTextLink = FederalRegisterFields.Link(document.RawTextUrl, baseUrl) ?? RawTextLinkOf(number, FederalRegisterFields.CalendarDate(document.PublicationDate), baseUrl),
            PublicInspectionLink = FederalRegisterFields.Link(document.PublicInspectionPdfUrl, baseUrl),
            CorrectionOf = FederalRegisterFields.DocumentNumberOf(document.CorrectionOf),
            Citation = string.IsNullOrWhiteSpace(document.Citation) ? null : document.Citation.Trim(),
            Stage = ItemStage.Published,
            FederalRegister = Detail(document),
        };
    }

    private static FederalRegisterDetail Detail(FederalRegisterWire.Document document)
    {
        string dates = HtmlText.ToPlainText(document.Dates);
        string subtype = HtmlText.Collapse(document.Subtype);
        string order = HtmlText.Collapse(document.ExecutiveOrderNumber);
        return new FederalRegisterDetail
        {
            Significant = document.Significant.ValueKind == JsonValueKind.True
                || (document.Significant.ValueKind == JsonValueKind.String && bool.TryParse(document.Significant.GetString(), out bool significant) && significant),
            Topics = FederalRegisterFields.Distinct(document.Topics),
            Dates = dates.Length > 0 ? dates : null,
            Subtype = subtype.Length > 0 ? subtype : null,
            ExecutiveOrderNumber = order.Length > 0 ? order : null,
            SigningDate = FederalRegisterFields.CalendarDate(document.SigningDate),
            Corrections = FederalRegisterFields.Distinct((document.Corrections ?? []).Select(FederalRegisterFields.DocumentNumberOf)),
        };
    }
}
