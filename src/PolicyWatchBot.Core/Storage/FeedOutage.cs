using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Storage;

/// <summary>A feed's trouble its subscribed channels were told of, not yet over.</summary>
/// <param name="Cause">Failing or Empty.</param>
/// <param name="Since">The feed's last good read before it; null when it was never read.</param>
/// <param name="ToldAt">When the channels were told.</param>
public sealed record FeedOutage(FeedId Feed, FeedHealthChange Cause, DateTimeOffset? Since, DateTimeOffset ToldAt);
