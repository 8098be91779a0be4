namespace PolicyWatchBot.Core.Feeds;

/// <summary>
/// Where a <c>json-list</c> feed finds its items in a JSON answer and what each item's fields are.
/// Every value is a path (<c>latestAction.text</c>, <c>results[]</c>, <c>agencies[0].name</c>) or a
/// template of paths in braces (<c>{congress}-{type}-{number}</c>); <see cref="Items"/> is taken
/// from the answer's root, the others from each item. See docs for the path syntax.
/// </summary>
public sealed record JsonListMapping
{
    public required string Items { get; init; }

    /// <summary>
    /// The items are columns: <see cref="Items"/> reaches an object of equal-length arrays (SEC
    /// EDGAR's <c>filings.recent</c>), and item N is made of element N of each.
    /// </summary>
    public bool Columns { get; init; }

    /// <summary>Only items whose value at the path is one of the listed values (any case) are kept.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Where { get; init; } = [];

    public required string Id { get; init; }
    public required string Title { get; init; }

    /// <summary>The title of an item whose <see cref="Title"/> is empty (Congress.gov lists bills with <c>"title": ""</c>); else its id.</summary>
    public string? FallbackTitle { get; init; }
    public string? Link { get; init; }
    public string? Published { get; init; }
    public string? Updated { get; init; }
    public string? Summary { get; init; }
    public string? Type { get; init; }
    public string? Agency { get; init; }

    /// <summary>Further fields by display name, e.g. <c>latest action</c> → <c>latestAction.text</c>; searched as text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>Path (from the root) of the next page's URL, when the answer links it.</summary>
    public string? NextPage { get; init; }

    /// <summary>Query parameter that pages by offset (<c>offset</c>), with <see cref="PageSize"/> items a page.</summary>
    public string? OffsetParameter { get; init; }

    public int PageSize { get; init; }
}
