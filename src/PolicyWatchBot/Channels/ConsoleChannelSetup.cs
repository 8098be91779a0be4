using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Channels;

/// <summary>
/// Makes the console channel's subscriptions and rules exactly what configuration says (switched
/// off: no subscriptions, so it gets no alerts).
/// </summary>
internal sealed class ConsoleChannelSetup(IStore store)
{
    public async Task ApplyAsync(ConsoleChannelConfig config, CancellationToken cancellationToken)
    {
        var channelId = await store.EnsureChannelAsync(ChannelKey.Console(ConsoleChannelConfig.ChannelName), ConsoleChannelConfig.ChannelName, cancellationToken);

        var wantedFeeds = config.Subscriptions.ToHashSet(StringComparer.Ordinal);
        foreach (var target in await store.GetSubscriptionsAsync(channelId, cancellationToken))
        {
            if (!wantedFeeds.Contains(target))
            {
                await store.RemoveSubscriptionAsync(channelId, target, Actor.Configuration, cancellationToken);
            }
        }

        foreach (var target in wantedFeeds)
        {
            await store.AddSubscriptionAsync(channelId, target, Actor.Configuration, cancellationToken);
        }

        var wantedRules = config.Rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in await store.GetRulesAsync(channelId, cancellationToken))
        {
            if (!wantedRules.Contains(rule.Name))
            {
                await store.RemoveRuleAsync(channelId, rule.Name, Actor.Configuration, cancellationToken);
            }
        }

        foreach (var rule in config.Rules)
        {
            await store.UpsertRuleAsync(channelId, rule, Actor.Configuration, cancellationToken);
        }
    }
}
