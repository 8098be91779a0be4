using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Fetching;

/// <summary>What one conditional GET gave: a body with its validators, or "not modified".</summary>
internal sealed record FetchResult(FeedBody? Body, string? ETag, string? LastModified)
{
    public bool NotModified => Body is null;

    public static FetchResult Unmodified(string? etag, string? lastModified) => new(null, etag, lastModified);
}
