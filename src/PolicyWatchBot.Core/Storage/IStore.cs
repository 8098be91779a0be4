using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// Durable state: feed health, item history, channels and their rules, and the outbox. SQLite is
/// the embedded implementation; PostgreSQL implements the same contract for scale-out.
/// </summary>
public interface IStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);

    Task<FeedState> GetFeedStateAsync(FeedId feed, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeedState>> GetFeedStatesAsync(CancellationToken cancellationToken);

    Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken);

    /// <summary>The keys among these that the store has seen, through any feed.</summary>
    Task<IReadOnlySet<ItemKey>> FilterKnownAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    Task<IPollTransaction> BeginPollAsync(CancellationToken cancellationToken);

    // Channels, subscriptions and rules.
    Task<long> EnsureChannelAsync(ChannelKey key, string displayName, CancellationToken cancellationToken);

    /// <summary>Subscribes to a feed id, a <c>#tag</c> or <c>all</c>; true when it was not subscribed yet.</summary>
    Task<bool> AddSubscriptionAsync(long channelId, string target, string createdBy, CancellationToken cancellationToken);

    Task<bool> RemoveSubscriptionAsync(long channelId, string target, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetSubscriptionsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Adds the rule or replaces its expression; false when it already had that expression.</summary>
    Task<bool> UpsertRuleAsync(long channelId, RuleDefinition rule, string changedBy, CancellationToken cancellationToken);

    Task<bool> RemoveRuleAsync(long channelId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RuleDefinition>> GetRulesAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Channels subscribed to the feed (directly, by one of its tags, or <c>all</c>), with their rules.</summary>
    Task<IReadOnlyList<ChannelRuleSet>> GetSubscribersAsync(FeedDefinition feed, CancellationToken cancellationToken);

    // The outbox.
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAlertsAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    Task MarkSentAsync(long alertId, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(long alertId, string owner, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    Task MarkFailedAsync(long alertId, string owner, string reason, CancellationToken cancellationToken);

    /// <summary>When the next pending alert falls due, or null when none is pending.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);

    Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken);

    Task<int> CountRevisionsAsync(ItemKey item, CancellationToken cancellationToken);
}
