namespace PolicyWatchBot.Core.Feeds;

/// <summary>
/// XPath selectors for HTML feeds. <see cref="Item"/> selects each item node; the others are
/// evaluated relative to that node. <see cref="Link"/> selects an element with <c>href</c> or an
/// attribute/text holding the URL. For <c>html-page</c>, <see cref="Item"/> selects the region
/// whose text is watched for changes.
/// </summary>
public sealed record HtmlSelectors
{
    public required string Item { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Date { get; init; }
    public string? Summary { get; init; }
}
