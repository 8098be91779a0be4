namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Short, typeable alert ids (<c>PW-3F9K</c>) derived from the outbox row number. The number is
/// scrambled by a bijection so consecutive alerts do not look alike, and written in Crockford's
/// base 32 (no I, L, O, U), so ids are unique exactly when row numbers are.
/// </summary>
public static class AlertId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int BitsPerChar = 5;
    private const int ShortWidth = 4;
    private const long ShortSpace = 1L << (BitsPerChar * ShortWidth);

    // Odd multipliers are invertible modulo a power of two, so the scramble is a permutation.
    private const long Multiplier = 0x9E3B5;

    private const string AlertPrefix = "PW-";

    public static string FromSequence(long sequence) => Scrambled(AlertPrefix, sequence);

    /// <summary>A digest's id (<c>PWG-7QX2</c>), from the digest table's own row number.</summary>
    public static string ForDigest(long sequence) => Scrambled(AlertDigest.IdPrefix, sequence);

    /// <summary>A reminder's id (<c>PWR-4KD9</c>), from the reminder table's own row number.</summary>
    public static string ForReminder(long sequence) => Scrambled(ReminderMessage.IdPrefix, sequence);

    /// <summary>A feed health notice's id (<c>PWH-2MZ8</c>), from the notice table's own row number.</summary>
    public static string ForFeedNotice(long sequence) => Scrambled(FeedHealthNotice.IdPrefix, sequence);

    public static bool IsDigestId(string normalizedId) => normalizedId.StartsWith(AlertDigest.IdPrefix, StringComparison.Ordinal);

    private static string Scrambled(string prefix, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (sequence < ShortSpace)
        {
            return prefix + Encode((sequence * Multiplier) & (ShortSpace - 1), ShortWidth);
        }

        // Past a million alerts the id grows a character at a time; still unique, still short.
        var width = ShortWidth + 1;
        while (BitsPerChar * width < 63 && sequence >= 1L << (BitsPerChar * width))
        {
            width++;
        }

        var mask = BitsPerChar * width >= 63 ? long.MaxValue : (1L << (BitsPerChar * width)) - 1;
        return prefix + Encode((sequence * Multiplier) & mask, width);
    }

    /// <summary>
    /// Upper-cases and tidies what a person typed (<c>pw-3f9k</c>, or a digest's <c>pwg-7qx2</c>),
    /// or null when it is not an id.
    /// </summary>
    public static string? Normalize(string typed)
    {
        var text = typed.Trim().ToUpperInvariant();
        var prefix = text.StartsWith(AlertDigest.IdPrefix, StringComparison.Ordinal) ? AlertDigest.IdPrefix : AlertPrefix;
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length < prefix.Length + ShortWidth)
        {
            return null;
        }

        foreach (var c in text.AsSpan(prefix.Length))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return text;
    }

    private static string Encode(long value, int width)
    {
        Span<char> chars = stackalloc char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= BitsPerChar;
        }

        return new string(chars);
    }
}
