using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>The earlier alerts of the known items of a poll, by channel and item.</summary>
public sealed class AlertHistory
{
    private readonly Dictionary<(long Channel, ItemKey Item), ChannelItemAlerts> _alerts;

    public AlertHistory(IEnumerable<ChannelItemAlerts> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        _alerts = alerts.ToDictionary(a => (a.ChannelId, a.Item));
    }

    public static AlertHistory Empty { get; } = new([]);

    public int Count => _alerts.Count;

    public ChannelItemAlerts? Find(long channelId, ItemKey item) => _alerts.GetValueOrDefault((channelId, item));
}
