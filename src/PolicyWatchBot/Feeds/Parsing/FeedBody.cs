namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// A fetched body as bytes, with the response's <c>Content-Type</c> (charset included) and the URL
/// that was fetched, which is the base for relative links.
/// </summary>
internal sealed record FeedBody(byte[] Content, string? ContentType, Uri Url);
