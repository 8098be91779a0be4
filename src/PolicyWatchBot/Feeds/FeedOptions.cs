using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Feeds;

public sealed class FeedOptions
{
    public const string Section = "PolicyWatch:Feeds";

    /// <summary>Folder of feed definitions, relative to the content root.</summary>
    [Required]
    public string Directory { get; set; } = "feeds";

    /// <summary>Whole-fetch timeout, body included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest body accepted; larger ones fail the poll instead of filling memory.</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Retries of a failed GET inside one poll (5xx, timeouts), before the poll fails.</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 2;

    /// <summary>Federal Register pages followed in one poll when every document on a page is new.</summary>
    [Range(1, 50)]
    public int MaxPages { get; set; } = 10;

    [Required]
    public string UserAgent { get; set; } = "PolicyWatchBot/1.0 (policy-change alerts; +https://github.com/policywatchbot)";

    /// <summary>Longest wait between polls of a failing feed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Items first seen by a poll whose source date is older than this are stored without alerting:
    /// a feed's first poll is a baseline, not a flood of its back catalogue.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan AlertWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Days of history a Federal Register feed reads on its first poll (month by month, stored without
    /// alerts), so that <c>rule test --days 365</c> answers from day one; 0 turns the backfill off.
    /// </summary>
    [Range(0, 3650)]
    public int BackfillDays { get; set; } = 365;

    /// <summary>Polls failed in a row before the feed's subscribed channels are told it brings no alerts.</summary>
    [Range(1, 100)]
    public int FailedPollsBeforeNotice { get; set; } = 3;

    /// <summary>Poll every feed once shortly after start, whatever its schedule.</summary>
    public bool PollOnStart { get; set; } = true;

    /// <summary>Detail pages read in one poll (each new item's link, once); items past it keep their listing text.</summary>
    [Range(0, 1000)]
    public int MaxDetailPages { get; set; } = 40;

    /// <summary>Longest full text kept of one document (<c>fullText</c> feeds); the rest is cut off.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxFullTextBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>Full texts fetched in one poll of a feed; the other new or changed documents wait for the next poll, alerts and all.</summary>
    [Range(1, 1000)]
    public int MaxFullTextsPerPoll { get; set; } = 50;

    /// <summary>
    /// API keys and other secrets by name (<c>PolicyWatch:Feeds:Secrets:NAME</c>), referenced from feed
    /// files as <c>{secret:NAME}</c>. Never logged, shown or stored: see <see cref="Fetching.FeedSecrets"/>.
    /// </summary>
    public Dictionary<string, string?> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => $"{nameof(FeedOptions)} ({Secrets.Count} secrets, not shown)";
}
