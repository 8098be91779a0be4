using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Storage;

/// <summary>What the bot remembers about polling one feed: validators, body hash and health.</summary>
public sealed record FeedState
{
    public required FeedId Feed { get; init; }
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
}
