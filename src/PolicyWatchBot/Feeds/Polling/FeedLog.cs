using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Polling;

internal static partial class FeedLog
{
    [LoggerMessage(1001, LogLevel.Information, "Polled {FeedId}: {Items} items, {New} new, {Changed} changed, {Alerts} alerts queued in {ElapsedMs} ms")]
    public static partial void Polled(this ILogger logger, FeedId feedId, int items, int @new, int changed, int alerts, long elapsedMs);

    [LoggerMessage(1002, LogLevel.Warning, "Feed {FeedId} failed ({Failures} in a row): {Reason}; next attempt after {RetryAt:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void PollFailed(this ILogger logger, FeedId feedId, int failures, string reason, DateTimeOffset retryAt);

    [LoggerMessage(1003, LogLevel.Debug, "Feed {FeedId} not modified")]
    public static partial void NotModified(this ILogger logger, FeedId feedId);

    [LoggerMessage(1004, LogLevel.Warning, "Feed {FeedId} answered with zero items after {Previous} items last time")]
    public static partial void ZeroItems(this ILogger logger, FeedId feedId, int previous);

    [LoggerMessage(1005, LogLevel.Debug, "Feed {FeedId} backing off until {RetryAt:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void BackingOff(this ILogger logger, FeedId feedId, DateTimeOffset retryAt);

    [LoggerMessage(1006, LogLevel.Error, "Feed {FeedId} poll crashed")]
    public static partial void PollCrashed(this ILogger logger, FeedId feedId, Exception exception);

    [LoggerMessage(1008, LogLevel.Warning, "Feed {FeedId}: item {Item} left out of this poll (tried again next poll): {Reason}")]
    public static partial void ItemFailed(this ILogger logger, FeedId feedId, ItemKey item, string reason);

    [LoggerMessage(1012, LogLevel.Information, "Feed {FeedId} has a new URL: polling it without the old URL's ETag, Last-Modified, body hash or backoff")]
    public static partial void UrlChanged(this ILogger logger, FeedId feedId);

    [LoggerMessage(1040, LogLevel.Warning, "Feed {FeedId} brings no alerts ({Change}): {Channels} subscribed channels told")]
    public static partial void FeedInTrouble(this ILogger logger, FeedId feedId, Core.Alerts.FeedHealthChange change, int channels);

    [LoggerMessage(1041, LogLevel.Information, "Feed {FeedId} recovered with {CaughtUp} items caught up: {Channels} channels told")]
    public static partial void FeedRecovered(this ILogger logger, FeedId feedId, int channels, int caughtUp);

    [LoggerMessage(1007, LogLevel.Warning, "Feed definition refused: {Error}")]
    public static partial void DefinitionRefused(this ILogger logger, string error);

    [LoggerMessage(1021, LogLevel.Warning, "Rule {Rule} of channel {ChannelId} timed out on item {ItemKey} of feed {FeedId} (a regular expression ran past its limit); counted as not matched")]
    public static partial void RuleTimedOut(this ILogger logger, FeedId feedId, string itemKey, long channelId, string rule);
}
