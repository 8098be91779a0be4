using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery;

/// <summary>Delivers alerts to one chat platform (console, Slack, Discord).</summary>
public interface IAlertSink
{
    string Platform { get; }

    Task<DeliveryOutcome> SendAsync(OutboxEntry alert, CancellationToken cancellationToken);
}
