namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// One RSS item or Atom entry as either syndication reader saw it, before keys and text rules
/// are applied. Title and summary are already plain text; links are absolute.
/// </summary>
internal sealed record FeedEntry(
    string? Id,
    string Title,
    string? Summary,
    Uri? Link,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Creators);
