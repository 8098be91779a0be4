using System.Text.Json.Serialization;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// One message listing several alerts, with one Acknowledge all button: a flood of one poll, or
/// the alerts a mute held back, offered when it ended. Single alerts in it are acknowledged by id.
/// </summary>
public sealed record AlertDigest : ChannelPost
{
    /// <summary>More alerts than this for one channel in one poll are grouped into one message.</summary>
    public const int FloodThreshold = 5;

    public const string IdPrefix = "PWG-";

    public required string DigestId { get; init; }
    public required DigestReason Reason { get; init; }

    /// <summary>For <see cref="DigestReason.MuteEnded"/>: the mutes that ended, as commands spell them (<c>rule ai-chips</c>).</summary>
    public IReadOnlyList<string> EndedMutes { get; init; } = [];

    public required IReadOnlyList<DigestEntry> Entries { get; init; }

    public override string PostId => DigestId;

    /// <summary>The digest's first line, the same on every platform.</summary>
    [JsonIgnore]
    public string Heading => Reason switch
    {
        DigestReason.MuteEnded when EndedMutes.Count > 0 => $"Mute of {string.Join(", ", EndedMutes)} ended: {CountText} held back",
        DigestReason.MuteEnded => $"Mute ended: {CountText} held back",
        DigestReason.Scheduled => $"Digest: {CountText}",
        _ => $"{CountText} from one poll, grouped",
    };

    private string CountText => Entries.Count == 1 ? "1 alert" : $"{Entries.Count} alerts";

    /// <summary>A channel's digest: the alerts grouped by feed, then by the first rule that matched, oldest first within a group.</summary>
    public static AlertDigest Scheduled(IEnumerable<AlertMessage> alerts) =>
        Create(DigestReason.Scheduled, alerts.OrderBy(a => a.FeedId, StringComparer.Ordinal)
            .ThenBy(a => a.MatchedRules.Count == 0 ? "" : a.MatchedRules[0].Name, StringComparer.Ordinal));

    public static AlertDigest Create(DigestReason reason, IEnumerable<AlertMessage> alerts, IReadOnlyList<string>? endedMutes = null) => new()
    {
        DigestId = "",
        Reason = reason,
        EndedMutes = endedMutes ?? [],
        Entries = alerts.Select(DigestEntry.From).ToList(),
    };
}
