namespace PolicyWatchBot.Core.Feeds;

/// <summary>When a feed is polled: a Quartz cron expression in a time zone, or a fixed interval.</summary>
public sealed record FeedSchedule
{
    public string? Cron { get; init; }
    public TimeSpan? Interval { get; init; }

    /// <summary>IANA time zone of the cron expression (Federal Register: America/New_York).</summary>
    public string TimeZone { get; init; } = "UTC";

    public override string ToString() => Cron is not null ? $"cron '{Cron}' ({TimeZone})" : $"every {Interval}";
}
