using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Fetching;

/// <summary>A fetch that failed: an HTTP error status, a timeout, a body over the size cap, a network error.</summary>
internal sealed class FeedFetchException(FeedId feed, string reason, Exception? inner = null)
    : Exception($"feed {feed}: {reason}", inner)
{
    public FeedId Feed { get; } = feed;
    public string Reason { get; } = reason;
}
