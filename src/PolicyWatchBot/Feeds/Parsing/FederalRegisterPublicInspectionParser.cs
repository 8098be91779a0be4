using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads Federal Register public-inspection answers: a list (<c>{count, results}</c>, from
/// <c>current.json</c> or a search) or a single document object. Items share the published
/// document's key (<c>fr:&lt;document_number&gt;</c>) and are at stage
/// <see cref="ItemStage.PublicInspection"/>, or <see cref="ItemStage.Withdrawn"/> when the
/// document has no publication date and its editorial note (or title) reports a withdrawal.
/// </summary>
internal static partial class FederalRegisterPublicInspectionParser
{
    private const string Expectation = "expected a public-inspection JSON object with 'results' or 'document_number'";

    public static FeedPage Parse(FeedDefinition feed, FeedBody body)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);

        ReadOnlyMemory<byte> json = FederalRegisterFields.RequireJsonObject(feed.Id, body, Expectation);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("document_number", out _))
            {
                FederalRegisterWire.PublicInspectionDocument? single = root.Deserialize(FederalRegisterJsonContext.Default.PublicInspectionDocument);
                return new FeedPage([ToItem(feed, body.Url, single, 0)], null);
            }

            var answer = root.Deserialize(FederalRegisterJsonContext.Default.PublicInspectionAnswer);
            return FederalRegisterFields.ToPage(feed, body, answer, Expectation, "them", ToItem);
        }
        catch (JsonException exception)
        {
            throw new FeedParseException(feed.Id, $"{Expectation}, got JSON that does not fit at {exception.Path ?? "$"} (line {exception.LineNumber + 1})", exception);
        }
    }

    private static FeedItem ToItem(FeedDefinition feed, Uri baseUrl, FederalRegisterWire.PublicInspectionDocument? document, int index)
    {
        string number = HtmlText.Collapse(document?.DocumentNumber);
        if (document is null || number.Length == 0)
        {
            throw new FeedParseException(feed.Id, $"results[{index}] has no document_number");
        }

        string title = HtmlText.ToPlainText(document.Title);
        if (title.Length == 0)
        {
            title = HtmlText.Collapse($"{document.TocSubject} {document.TocDoc}");
        }

        string note = HtmlText.ToPlainText(document.EditorialNote);
        DateOnly? publication = FederalRegisterFields.CalendarDate(document.PublicationDate);
        bool withdrawn = publication is null && (Withdrawal().IsMatch(note) || Withdrawal().IsMatch(title));
        IReadOnlyList<string> agencies = FederalRegisterFields.Agencies(document.Agencies, document.AgencyNames);
        string type = HtmlText.Collapse(document.Type);
        Uri? pdf = FederalRegisterFields.Link(document.PdfUrl, baseUrl);
        DateTimeOffset? filed = SourceDates.ParseInstant(document.FiledAt);
        return new FeedItem
        {
            Key = ItemKey.FederalRegister(number),
            NativeId = number,
            Feed = feed.Id,
            Title = title.Length > 0 ? title : number,
            Link = FederalRegisterFields.Link(document.HtmlUrl, baseUrl),
            DocumentType = type.Length > 0 ? type : feed.DefaultType,
            Agencies = agencies.Count > 0 ? agencies : feed.DefaultAgency is { } agency ? [agency] : [],
            AgencyLabels = FederalRegisterFields.AgencyLabels(document.Agencies),
            Jurisdiction = feed.Jurisdiction,
            PublishedOn = publication,
            UpdatedAt = SourceDates.ParseInstant(document.PdfUpdatedAt)?.ToUniversalTime(),
            FiledAt = filed?.ToUniversalTime(),
            FiledOn = filed is { } at ? DateOnly.FromDateTime(at.DateTime) : null,
            Dockets = FederalRegisterFields.Distinct(document.DocketNumbers),
            PdfLink = pdf,
            RawTextLink = FederalRegisterFields.Link(document.RawTextUrl, baseUrl),
            PublicInspectionLink = pdf,
            EditorialNote = note.Length > 0 ? note : null,
            FilingType = string.IsNullOrWhiteSpace(document.FilingType) ? null : document.FilingType.Trim().ToLowerInvariant(),
            Stage = withdrawn ? ItemStage.Withdrawn : ItemStage.PublicInspection,
        };
    }

    [GeneratedRegex(@"\bwithdr(?:aw(?:n|al|ing|s)?|ew)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Withdrawal();
}
