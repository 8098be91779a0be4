namespace PolicyWatchBot.Core.Items;

/// <summary>
/// What a Federal Register document says beyond the fields every source has: significance, topics,
/// the <c>dates</c> text, its subtype, executive order number, signing date and the documents that
/// correct it. Null on items of other sources and on revisions stored before these were read, so the
/// differ compares them only when both revisions carry them.
/// </summary>
public sealed record FederalRegisterDetail
{
    /// <summary>The API's <c>significant</c> (a significant regulatory action under EO 12866); false when it says null.</summary>
    public bool Significant { get; init; }

    /// <summary><c>topics</c>: the CFR indexing terms.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary><c>dates</c>: the document's DATES section as text ("This rule is effective ...").</summary>
    public string? Dates { get; init; }

    /// <summary><c>subtype</c> of a presidential document: "Executive Order", "Proclamation", "Notice", ...</summary>
    public string? Subtype { get; init; }

    public string? ExecutiveOrderNumber { get; init; }

    /// <summary><c>signing_date</c> of a presidential document.</summary>
    public DateOnly? SigningDate { get; init; }

    /// <summary>Document numbers of the corrections published for this document (<c>corrections</c>).</summary>
    public IReadOnlyList<string> Corrections { get; init; } = [];
}
