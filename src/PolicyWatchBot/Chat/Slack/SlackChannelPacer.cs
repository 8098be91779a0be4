using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Spaces the messages of one channel at least <c>PolicyWatch:Slack:MessageInterval</c> apart
/// (Slack allows about one a second per channel), counted from when the previous call finished,
/// so network jitter cannot bunch two messages together at Slack. Channels do not wait for each other.
/// </summary>
internal sealed class SlackChannelPacer(IOptions<SlackOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);

    /// <summary>Makes the call in the channel's next free slot.</summary>
    public async Task<T> PacedAsync<T>(string channel, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var interval = options.Value.MessageInterval;
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                if (!_nextSlot.TryGetValue(channel, out var next) || next <= now)
                {
                    _nextSlot[channel] = now + interval;
                    break;
                }

                wait = next - now;
            }

            await Task.Delay(wait, time, cancellationToken);
        }

        try
        {
            return await call();
        }
        finally
        {
            lock (_gate)
            {
                _nextSlot[channel] = time.GetUtcNow() + interval;
            }
        }
    }
}
