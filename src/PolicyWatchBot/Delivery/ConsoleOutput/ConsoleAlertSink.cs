using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery.ConsoleOutput;

/// <summary>Prints alerts of console channels to standard output (or the writer it is given).</summary>
internal sealed class ConsoleAlertSink(TextWriter output) : IAlertSink
{
    private readonly Lock _gate = new();

    public string Platform => ChannelKey.ConsolePlatform;

    public Task<DeliveryOutcome> SendAsync(OutboxEntry alert, CancellationToken cancellationToken)
    {
        var text = ConsoleAlertRenderer.Render(alert.Message);
        lock (_gate)
        {
            output.Write(text);
            output.Flush();
        }

        return Task.FromResult<DeliveryOutcome>(new DeliveryOutcome.Sent(null));
    }
}
