using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Delivery;

public sealed class DispatcherOptions
{
    public const string Section = "PolicyWatch:Dispatcher";

    /// <summary>How long a claimed alert is reserved for this worker before another may take it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest idle wait before the outbox is looked at again (other workers may add alerts).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many channels are delivered to at the same time (each channel's posts stay in order).</summary>
    [Range(1, 64)]
    public int ChannelsAtOnce { get; set; } = 4;

    /// <summary>How often parked posts (a refused token, the bot not in the channel) are tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ParkedProbeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a one-shot verb waits for posts a rate limit deferred before it exits.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainWait { get; set; } = TimeSpan.FromSeconds(30);
}
