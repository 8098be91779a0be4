using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Channels, subscriptions and rules. Each change returns whether it changed anything and audits only then.</summary>
public interface IChannelStore
{
    Task<long> EnsureChannelAsync(ChannelKey key, string displayName, CancellationToken cancellationToken);

    /// <summary>Subscribes to a feed id, a <c>#tag</c> or <c>all</c>; true when it was not subscribed yet.</summary>
    Task<bool> AddSubscriptionAsync(long channelId, string target, Actor actor, CancellationToken cancellationToken);

    /// <summary>Subscribes to every target in one transaction (all or none); returns those not subscribed yet.</summary>
    Task<IReadOnlyList<string>> AddSubscriptionsAsync(long channelId, IReadOnlyList<string> targets, Actor actor, CancellationToken cancellationToken);

    Task<bool> RemoveSubscriptionAsync(long channelId, string target, Actor actor, CancellationToken cancellationToken);

    /// <summary>Unsubscribes from every target in one transaction (all or none); returns those that were subscribed.</summary>
    Task<IReadOnlyList<string>> RemoveSubscriptionsAsync(long channelId, IReadOnlyList<string> targets, Actor actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetSubscriptionsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Adds a new rule; false (and nothing written) when the channel has a rule of that name.</summary>
    Task<bool> AddRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Replaces a rule's expression; returns the expression before, or null when there is no such rule.</summary>
    Task<string?> ReplaceRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Adds the rule or replaces its expression (configuration); false when it already had that expression.</summary>
    Task<bool> UpsertRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Deletes a rule; returns its expression, or null when there is no such rule.</summary>
    Task<string?> RemoveRuleAsync(long channelId, string name, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's rules by name, with whether each is urgent and who it notifies.</summary>
    Task<IReadOnlyList<RuleDefinition>> GetRulesAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Makes a rule urgent or not; returns the rule as it was, or null when there is no such rule. Audited when it changes.</summary>
    Task<RuleDefinition?> SetRuleUrgentAsync(long channelId, string name, bool urgent, Actor actor, CancellationToken cancellationToken);

    /// <summary>Sets (or with null clears) who a rule's urgent alerts ping; returns the rule as it was, or null when there is no such rule. Audited when it changes.</summary>
    Task<RuleDefinition?> SetRuleNotifyAsync(long channelId, string name, Mention? notify, Actor actor, CancellationToken cancellationToken);

    /// <summary>Sets the channel's flood threshold; returns the one before. Audited when it changes.</summary>
    Task<int> SetFloodThresholdAsync(long channelId, int threshold, Actor actor, CancellationToken cancellationToken);

    /// <summary>How many of the channel's alerts created since then each rule matched (muted ones included), by rule name.</summary>
    Task<IReadOnlyDictionary<string, int>> CountRuleHitsAsync(long channelId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a channel, a subscription or a rule is added, changed or removed,
    /// so compiled rules are rebuilt only then.
    /// </summary>
    Task<long> GetSetupVersionAsync(CancellationToken cancellationToken);

    /// <summary>Every channel with its subscriptions and rules (by name), ordered by channel id, and the setup version they were read at.</summary>
    Task<(IReadOnlyList<ChannelSetup> Channels, long Version)> GetChannelSetupsAsync(CancellationToken cancellationToken);
}
