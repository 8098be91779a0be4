using System.Text.Json.Serialization;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Items;

/// <summary>
/// One item as a parser read it from one feed body. Lists are never null. Calendar dates from the
/// source are <see cref="DateOnly"/>; instants are UTC.
/// </summary>
public sealed record FeedItem
{
    public required ItemKey Key { get; init; }

    /// <summary>The source's own id: FR document number, Atom id, RSS guid, else the link.</summary>
    public required string NativeId { get; init; }

    public required FeedId Feed { get; init; }
    public required string Title { get; init; }
    public Uri? Link { get; init; }

    /// <summary>Plain text (HTML already reduced): FR abstract, RSS description, Atom summary.</summary>
    public string? Summary { get; init; }

    /// <summary>FR <c>action</c> ("Final rule."), part of the default text field.</summary>
    public string? Action { get; init; }

    /// <summary>"Rule", "Proposed Rule", "Notice", "Presidential Document", or the feed's own type.</summary>
    public string? DocumentType { get; init; }

    /// <summary>Every agency name (FR: name and raw name of each agency, parents included, and agency_names), distinct.</summary>
    public IReadOnlyList<string> Agencies { get; init; } = [];

    /// <summary>Agency names for display, one per agency in source order; empty means use <see cref="Agencies"/>.</summary>
    public IReadOnlyList<string> AgencyLabels { get; init; } = [];

    public string Jurisdiction { get; init; } = "";
    public DateOnly? PublishedOn { get; init; }

    /// <summary>The source's own "updated" stamp (Atom updated, FR PI pdf_updated_at), UTC.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public DateOnly? EffectiveOn { get; init; }
    public DateOnly? CommentsCloseOn { get; init; }

    /// <summary>CFR references as text, <c>15 CFR 744</c>.</summary>
    public IReadOnlyList<string> CfrReferences { get; init; } = [];

    /// <summary>Docket ids and RINs (see <see cref="RegulationIdentifiers"/> to tell them apart).</summary>
    public IReadOnlyList<string> Dockets { get; init; } = [];

    public Uri? PdfLink { get; init; }

    /// <summary>FR <c>raw_text_url</c>: the document's full text as plain text, read when its feed has <c>fullText</c>.</summary>
    public Uri? RawTextLink { get; init; }

    /// <summary>
    /// The document's full text, fetched once per revision (<see cref="RawTextLink"/>) and searched as
    /// the rule field <c>body:</c> only. Stored apart from the revision's snapshot (item_bodies), so not serialized with it.
    /// </summary>
    [JsonIgnore]
    public string? Body { get; init; }

    /// <summary>The full text was longer than the cap (PolicyWatch:Feeds:MaxFullTextBytes) and <see cref="Body"/> is its start.</summary>
    [JsonIgnore]
    public bool BodyTruncated { get; init; }
    public Uri? PublicInspectionLink { get; init; }
    public ItemStage Stage { get; init; } = ItemStage.Published;

    /// <summary>FR: the document number this one corrects (<c>correction_of</c>), if any.</summary>
    public string? CorrectionOf { get; init; }

    /// <summary>FR: where the document is printed (<c>citation</c>, "89 FR 43"): volume and first page.</summary>
    public string? Citation { get; init; }

    /// <summary>FR public inspection: editorial note (withdrawal notices and the like).</summary>
    public string? EditorialNote { get; init; }

    /// <summary>FR public inspection: when the document was filed for inspection.</summary>
    public DateTimeOffset? FiledAt { get; init; }

    /// <summary>FR public inspection: the day of the filing, as the source dates it (Eastern time, not UTC).</summary>
    public DateOnly? FiledOn { get; init; }

    /// <summary>
    /// The text of the item's own page, read once by the feed's detail step when the item was first
    /// seen; later revisions keep it. Searched as a summary value; shown when there is no summary.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>Further fields a <c>json-list</c> feed maps, in the feed file's order.</summary>
    public IReadOnlyList<ItemExtra> Extras { get; init; } = [];

    /// <summary>FR public inspection: <c>regular</c> or <c>special</c> (filed outside the daily schedule, usually urgent).</summary>
    public string? FilingType { get; init; }

    /// <summary>A published Federal Register document's further fields; null for other sources.</summary>
    public FederalRegisterDetail? FederalRegister { get; init; }

    /// <summary>A screening-list entity's change (items keyed <c>list:&lt;list&gt;:&lt;id&gt;</c>); null for other items.</summary>
    public ListingDetail? Listing { get; init; }

    /// <summary>
    /// This item with every text made well-formed (<see cref="WellFormedText"/>): what a parser read from
    /// a remote body may hold lone surrogates or noncharacters (an RSS <c>&amp;#xD800;</c>, a JSON
    /// <c>\ud800</c>). Texts and lists that need nothing replaced are kept as they are.
    /// </summary>
    public FeedItem WithWellFormedText() => this with
    {
        Key = new ItemKey(WellFormedText.Of(Key.Value)),
        NativeId = WellFormedText.Of(NativeId),
        Title = WellFormedText.Of(Title),
        Summary = WellFormedText.OfNullable(Summary),
        Action = WellFormedText.OfNullable(Action),
        DocumentType = WellFormedText.OfNullable(DocumentType),
        Agencies = WellFormedText.OfEach(Agencies),
        AgencyLabels = WellFormedText.OfEach(AgencyLabels),
        Jurisdiction = WellFormedText.Of(Jurisdiction),
        CfrReferences = WellFormedText.OfEach(CfrReferences),
        Dockets = WellFormedText.OfEach(Dockets),
        CorrectionOf = WellFormedText.OfNullable(CorrectionOf),
        Citation = WellFormedText.OfNullable(Citation),
        EditorialNote = WellFormedText.OfNullable(EditorialNote),
        Detail = WellFormedText.OfNullable(Detail),
        Body = WellFormedText.OfNullable(Body),
        Extras = Extras.Any(e => !WellFormedText.IsWellFormed(e.Name) || !WellFormedText.IsWellFormed(e.Value))
            ? [.. Extras.Select(e => new ItemExtra(WellFormedText.Of(e.Name), WellFormedText.Of(e.Value)))]
            : Extras,

        FilingType = WellFormedText.OfNullable(FilingType),
        FederalRegister = FederalRegister is { } detail
            ? detail with
            {
                Topics = WellFormedText.OfEach(detail.Topics),
                Dates = WellFormedText.OfNullable(detail.Dates),
                Subtype = WellFormedText.OfNullable(detail.Subtype),
                ExecutiveOrderNumber = WellFormedText.OfNullable(detail.ExecutiveOrderNumber),
                Corrections = WellFormedText.OfEach(detail.Corrections),
            }
            : null,
        Listing = Listing is { } listing
            ? listing with
            {
                Names = WellFormedText.OfEach(listing.Names),
                Countries = WellFormedText.OfEach(listing.Countries),
                Programs = WellFormedText.OfEach(listing.Programs),
            }
            : null,
    };
}
