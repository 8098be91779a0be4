namespace PolicyWatchBot.Core;

/// <summary>
/// Durations as people type them: a whole number and a unit (<c>90m</c>, <c>8h</c>, <c>7d</c>,
/// <c>2w</c>, also <c>45s</c>), or several from the largest unit down (<c>1d12h</c>, <c>1h30m</c>).
/// </summary>
public static class DurationText
{
    private static readonly (char Unit, TimeSpan Size)[] Units =
    [
        ('w', TimeSpan.FromDays(7)),
        ('d', TimeSpan.FromDays(1)),
        ('h', TimeSpan.FromHours(1)),
        ('m', TimeSpan.FromMinutes(1)),
        ('s', TimeSpan.FromSeconds(1)),
    ];

    // No part of a duration anyone types has more digits; longer numbers must not reach TimeSpan arithmetic.
    private const int MaxDigits = 9;

    /// <summary>A well-formed duration longer than zero.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        if (Read(text, out duration) == DurationReading.Duration && duration > TimeSpan.Zero)
        {
            return true;
        }

        duration = TimeSpan.Zero;
        return false;
    }

    /// <summary>
    /// Reads <paramref name="text"/> as a duration: whether it is one (possibly zero), too long to
    /// be one (a number no clock holds), or not written as one at all.
    /// </summary>
    public static DurationReading Read(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = (text ?? "").AsSpan().Trim();
        if (span.IsEmpty)
        {
            return DurationReading.NotADuration;
        }

        var nextUnit = 0;
        var tooLong = false;
        while (!span.IsEmpty)
        {
            var digits = span.IndexOfAnyExceptInRange('0', '9');
            if (digits <= 0)
            {
                return Fail(out duration, DurationReading.NotADuration);
            }

            var letter = char.ToLowerInvariant(span[digits]);
            var unit = Array.FindIndex(Units, nextUnit, u => u.Unit == letter);
            if (unit < 0)
            {
                // An unknown letter, or a unit out of order or repeated (1h1d, 1h1h).
                return Fail(out duration, DurationReading.NotADuration);
            }

            var number = span[..digits].TrimStart('0');
            var size = Units[unit].Size;
            var amount = number.IsEmpty || number.Length > MaxDigits ? 0 : long.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
            tooLong |= number.Length > MaxDigits || amount > (TimeSpan.MaxValue - duration).Ticks / size.Ticks;
            if (!tooLong)
            {
                duration += TimeSpan.FromTicks(size.Ticks * amount);
            }

            nextUnit = unit + 1;
            span = span[(digits + 1)..];
        }

        return tooLong ? Fail(out duration, DurationReading.TooLong) : DurationReading.Duration;
    }

    public static string Format(TimeSpan duration) => duration switch
    {
        // A day reads as 24h (the buttons' "24h"); days from two on.
        { TotalDays: >= 2 } when duration.TotalDays % 1 == 0 => $"{duration.TotalDays:0}d",
        { TotalHours: >= 1 } when duration.TotalHours % 1 == 0 => $"{duration.TotalHours:0}h",
        { TotalMinutes: >= 1 } when duration.TotalMinutes % 1 == 0 => $"{duration.TotalMinutes:0}m",
        _ => $"{duration.TotalSeconds:0}s",
    };

    private static DurationReading Fail(out TimeSpan duration, DurationReading reading)
    {
        duration = TimeSpan.Zero;
        return reading;
    }
}
