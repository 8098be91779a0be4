using System.Globalization;
using System.Text.Json.Serialization;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Tells a channel that one of its feeds is in trouble (failing or empty) and so brings no alerts,
/// or that it recovered and how many items it caught up. Posted once per trouble and channel
/// through the outbox; <see cref="NoticeId"/> (<c>PWH-4KD9</c>) is filled in from the outbox row.
/// </summary>
public sealed record FeedHealthNotice : ChannelPost
{
    public const string IdPrefix = "PWH-";

    [JsonIgnore]
    public override string PostId => NoticeId;

    [JsonIgnore]
    public string NoticeId { get; init; } = "";

    public required string FeedId { get; init; }
    public required FeedHealthChange Change { get; init; }

    /// <summary>When the notice was decided: the poll that found the trouble or the recovery.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The feed's last good read before the trouble (no alerts since then); null when it was never read.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Polls failed in a row (<see cref="FeedHealthChange.Failing"/>).</summary>
    public int FailedPolls { get; init; }

    /// <summary>The last error, or the health warning of an empty answer.</summary>
    public string? Reason { get; init; }

    /// <summary>Items new or changed in the poll that recovered (<see cref="FeedHealthChange.Recovered"/>).</summary>
    public int CaughtUp { get; init; }

    /// <summary>"Feed fr-bis is failing: 3 polls in a row", "… answered with zero items", "… recovered: 4 items caught up".</summary>
    public string Headline() => Change switch
    {
        FeedHealthChange.Failing => string.Create(CultureInfo.InvariantCulture, $"Feed {FeedId} is failing: {FailedPolls} polls in a row"),
        FeedHealthChange.Empty => $"Feed {FeedId} answered with zero items",
        _ => string.Create(CultureInfo.InvariantCulture, $"Feed {FeedId} recovered: {CaughtUp} item{(CaughtUp == 1 ? "" : "s")} caught up"),
    };

    /// <summary>What it means for the channel: "No alerts from fr-bis since 09:00 UTC. …".</summary>
    public string Meaning()
    {
        var since = Since is { } last ? $"since {Instant(last)}" : "yet: it has not been read once";
        return Change switch
        {
            FeedHealthChange.Failing =>
                $"No alerts from {FeedId} {since}. What it publishes meanwhile is alerted when it answers again; this channel is told then.",
            FeedHealthChange.Empty =>
                $"No alerts from {FeedId} {since}: the source may have moved or changed its page (its selectors match nothing). This channel is told when it lists items again.",
            _ => Since is { } from
                ? $"Read again at {Instant(At)}; no alerts came from it between {Instant(from)} and then, and what it published meanwhile is alerted now."
                : $"Read for the first time at {Instant(At)}.",
        };
    }

    /// <summary>"09:00 UTC" on the notice's own day, "2026-03-01 09:00 UTC" before it.</summary>
    private string Instant(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var format = utc.Date == At.ToUniversalTime().Date ? "HH:mm" : "yyyy-MM-dd HH:mm";
        return utc.ToString(format, CultureInfo.InvariantCulture) + " UTC";
    }
}
