using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>A hand-written sink for one platform: records every send and answers from a script (Sent when the script is empty).</summary>
internal sealed class ScriptedSink(string platform) : IAlertSink
{
    private readonly Queue<Func<OutboxEntry, DeliveryOutcome>> _script = new();

    public string Platform { get; } = platform;

    public List<OutboxEntry> Received { get; } = [];

    public IEnumerable<string> ReceivedIds => Received.Select(r => r.Message.AlertId);

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

    public Task<DeliveryOutcome> SendAsync(OutboxEntry alert, CancellationToken cancellationToken)
    {
        Received.Add(alert);
        var next = _script.Count > 0 ? _script.Dequeue() : _ => new DeliveryOutcome.Sent("msg-" + alert.Id);
        return Task.FromResult(next(alert));
    }
}
