using System.Globalization;

namespace PolicyWatchBot.Core;

/// <summary>Durations as people type them: <c>30m</c>, <c>8h</c>, <c>7d</c> (also <c>45s</c>).</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
        {
            return false;
        }

        text = text.Trim();
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return false;
        }

        TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };

        // An amount too large for a TimeSpan (99999999d) is not a duration, not a crash.
        if (unit is not { } size || amount > TimeSpan.MaxValue.Ticks / size.Ticks)
        {
            return false;
        }

        duration = size * amount;
        return true;
    }

    public static string Format(TimeSpan duration) => duration switch
    {
        // A day reads as 24h (the buttons' "24h"); days from two on.
        { TotalDays: >= 2 } when duration.TotalDays % 1 == 0 => $"{duration.TotalDays:0}d",
        { TotalHours: >= 1 } when duration.TotalHours % 1 == 0 => $"{duration.TotalHours:0}h",
        { TotalMinutes: >= 1 } when duration.TotalMinutes % 1 == 0 => $"{duration.TotalMinutes:0}m",
        _ => $"{duration.TotalSeconds:0}s",
    };
}
