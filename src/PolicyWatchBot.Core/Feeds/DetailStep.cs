namespace PolicyWatchBot.Core.Feeds;

/// <summary>
/// Follow each new item's link once and read its page: <see cref="Text"/> selects the item's own
/// text (a press release's body, a Canada Gazette issue's table of contents), <see cref="Date"/>
/// its date when the listing gave none. Both are XPath over the linked HTML page.
/// </summary>
public sealed record DetailStep
{
    public required string Text { get; init; }
    public string? Date { get; init; }

    /// <summary>Longest text kept from one page, in characters (a filing's risk factors run long).</summary>
    public int MaxChars { get; init; } = DefaultMaxChars;

    public const int DefaultMaxChars = 64 * 1024;
    public const int MaxMaxChars = 2 * 1024 * 1024;
}
