using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Delivery.ConsoleOutput;

/// <summary>A channel's digest lists its alerts by feed, then rule: the heading of an entry's group ("fr-bis · ai-chips").</summary>
public static class DigestGroups
{
    /// <summary>The group heading of the entry in a scheduled digest; null in any other digest.</summary>
    public static string? HeadingOf(AlertDigest digest, DigestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(entry);
        return digest.Reason != DigestReason.Scheduled ? null : entry.Rule is { } rule ? $"{entry.FeedId} · {rule}" : entry.FeedId;
    }
}
