using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery;

/// <summary>Delivers posts (alerts and digests) to one chat platform (console, Slack, Discord).</summary>
public interface IAlertSink
{
    string Platform { get; }

    /// <summary>Posts <see cref="OutboxEntry.Post"/> for the first time.</summary>
    Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Edits the message already posted (<see cref="OutboxEntry.PlatformMessageId"/>) to show the
    /// post as it is now: who acknowledged it, when, and the note.
    /// </summary>
    Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken);
}
