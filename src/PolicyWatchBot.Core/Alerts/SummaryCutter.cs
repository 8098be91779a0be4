namespace PolicyWatchBot.Core.Alerts;

/// <summary>Shortens a summary for an alert, preferring to stop at the end of a sentence.</summary>
public static class SummaryCutter
{
    public const int DefaultMaxLength = 600;

    public static string? Cut(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= maxLength)
        {
            return collapsed;
        }

        // One character past the limit, so a sentence end on the last allowed character is seen
        // with what follows it ("U.S. ", "1.5" and "end. " differ only there).
        var window = collapsed.AsSpan(0, maxLength + 1);
        var sentenceEnd = LastSentenceEnd(window);
        if (sentenceEnd >= maxLength / 3)
        {
            return collapsed[..(sentenceEnd + 1)];
        }

        var space = window[..(maxLength - 1)].LastIndexOf(' ');
        var cut = space > maxLength / 2 ? space : maxLength - 1;
        return collapsed[..cut].TrimEnd(',', ';', ':', ' ') + "…";
    }

    /// <summary>
    /// Where the characters <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/>
    /// of <paramref name="raw"/> are in <paramref name="shown"/>, the <see cref="Cut"/> of it (spaces collapsed,
    /// perhaps shortened); null when they were cut off.
    /// </summary>
    public static (int Start, int Length)? ShownAt(string raw, string shown, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(shown);
        var end = Math.Min(raw.Length, start + length);
        while (start < end && char.IsWhiteSpace(raw[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(raw[end - 1]))
        {
            end--;
        }

        if (start < 0 || start >= end)
        {
            return null;
        }

        // The position in the collapsed text: non-space characters before, plus one per run of spaces
        // between them.
        var position = 0;
        var seen = false;
        var pendingSpace = false;
        for (var i = 0; i < start; i++)
        {
            if (char.IsWhiteSpace(raw[i]))
            {
                pendingSpace = seen;
            }
            else
            {
                position += pendingSpace ? 2 : 1;
                pendingSpace = false;
                seen = true;
            }
        }

        if (pendingSpace)
        {
            position++;
        }

        var text = string.Join(' ', raw[start..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return position + text.Length <= shown.Length && shown.AsSpan(position, text.Length).SequenceEqual(text)
            ? (position, text.Length)
            : null;
    }

    // A sentence ends at '.', '!' or '?' followed by a space; "U.S. export" is not an end because
    // "S." follows a single letter.
    private static int LastSentenceEnd(ReadOnlySpan<char> text)
    {
        for (var i = text.Length - 2; i > 0; i--)
        {
            if (text[i] is '.' or '!' or '?' && text[i + 1] == ' ' && !IsInitial(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsInitial(ReadOnlySpan<char> text, int dot) =>
        text[dot] == '.' && dot >= 1 && char.IsLetter(text[dot - 1]) && (dot == 1 || !char.IsLetter(text[dot - 2]));
}
