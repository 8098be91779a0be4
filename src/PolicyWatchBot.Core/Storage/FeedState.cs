using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Storage;

/// <summary>What the bot remembers about polling one feed: validators, body hash and health.</summary>
public sealed record FeedState
{
    public required FeedId Feed { get; init; }

    /// <summary>The URL the validators, body hash and item count below belong to.</summary>
    public string? Url { get; init; }

    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? BodyHash { get; init; }
    public DateTimeOffset? LastPolledAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    public string? LastError { get; init; }
    public int ConsecutiveFailures { get; init; }

    /// <summary>Items in the last successfully parsed body; a drop to zero is a health warning.</summary>
    public int? LastItemCount { get; init; }

    public string? Warning { get; init; }

    /// <summary>After failures, polls before this instant are skipped (backoff).</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    public static FeedState Empty(FeedId feed) => new() { Feed = feed };

    public bool IsFailing => ConsecutiveFailures > 0;

    /// <summary>
    /// Whether this state was recorded for another URL than <paramref name="url"/> (the feed file
    /// was edited). A state from before URLs were kept counts as another URL once it holds validators.
    /// </summary>
    public bool IsForOtherUrl(Uri url) =>
        Url is null ? ETag is not null || LastModified is not null || BodyHash is not null
            : !string.Equals(Url, url.AbsoluteUri, StringComparison.Ordinal);

    /// <summary>This state moved to a new URL: without the old URL's validators, body hash, item count and backoff.</summary>
    public FeedState ForUrl(Uri url) => this with
    {
        Url = url.AbsoluteUri,
        ETag = null,
        LastModified = null,
        BodyHash = null,
        LastItemCount = null,
        Warning = null,
        RetryAfter = null,
    };
}
