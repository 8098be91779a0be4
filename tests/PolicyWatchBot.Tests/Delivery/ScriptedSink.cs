using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>
/// A hand-written sink for one platform: records every send and update, and answers from a script
/// (Sent when the script is empty). Safe to call from the dispatcher's concurrent channels.
/// </summary>
internal sealed class ScriptedSink(string platform) : IAlertSink
{
    private readonly Queue<Func<OutboxEntry, DeliveryOutcome>> _script = new();

    public string Platform { get; } = platform;

    public List<OutboxEntry> Received { get; } = [];

    public IEnumerable<string> ReceivedIds => Received.Select(r => r.Post.PostId);

    public List<OutboxEntry> Updated { get; } = [];

    public ScriptedSink Then(DeliveryOutcome outcome)
    {
        _script.Enqueue(_ => outcome);
        return this;
    }

    public ScriptedSink ThenThrow(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    public Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken) => Task.FromResult(Answer(Received, entry));

    public Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken) => Task.FromResult(Answer(Updated, entry));

    private DeliveryOutcome Answer(List<OutboxEntry> record, OutboxEntry entry)
    {
        Func<OutboxEntry, DeliveryOutcome>? next;
        lock (_script)
        {
            record.Add(entry);
            _script.TryDequeue(out next);
        }

        return next is null ? new DeliveryOutcome.Sent(entry.PlatformMessageId ?? "msg-" + entry.Id) : next(entry);
    }
}
