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
