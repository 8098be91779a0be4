using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery.ConsoleOutput;

/// <summary>
/// Prints the posts of console channels to standard output (or the writer it is given), each
/// naming its channel, since every console channel prints to the same place. A console cannot edit
/// what it printed, so an update prints the acknowledgement (or the mute) as a line of its own.
/// </summary>
internal sealed class ConsoleAlertSink(TextWriter output) : IAlertSink
{
    private readonly Lock _gate = new();

    public string Platform => ChannelKey.ConsolePlatform;

    public Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        Print(UnrenderablePostException.Render(entry.Post, post => post switch
        {
            AlertMessage alert => ConsoleAlertRenderer.Render(alert, entry.Channel.Channel, entry.ReplyTo?.ParentPostId),
            AlertDigest digest => ConsoleDigestRenderer.Render(digest, entry.Channel.Channel),
            ReminderMessage reminder => ConsoleAlertRenderer.Render(reminder, entry.Channel.Channel, entry.ReplyTo?.ParentPostId),
            FeedHealthNotice notice => ConsoleAlertRenderer.Render(notice, entry.Channel.Channel),
            _ => throw new ArgumentOutOfRangeException(nameof(entry), post.GetType().Name, "unknown post type"),
        }));

    public Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        Print(UnrenderablePostException.Render(entry.Post, post => ConsoleAlertRenderer.RenderUpdate(post, entry.Channel.Channel)));

    private Task<DeliveryOutcome> Print(string text)
    {
        lock (_gate)
        {
            output.Write(text);
            output.Flush();
        }

        return Task.FromResult<DeliveryOutcome>(new DeliveryOutcome.Sent(null));
    }
}
