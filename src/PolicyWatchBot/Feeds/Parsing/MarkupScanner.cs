namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Linear scans over markup text, for sniffing and preparing bodies without regular expressions:
/// each looks at every character at most a fixed number of times, whatever the body holds.
/// </summary>
internal static class MarkupScanner
{
    /// <summary>The index just past <paramref name="terminator"/> searched from <paramref name="from"/>, or the text's length when it never comes.</summary>
    public static int After(string text, int from, string terminator)
    {
        int found = text.IndexOf(terminator, Math.Min(from, text.Length), StringComparison.Ordinal);
        return found < 0 ? text.Length : found + terminator.Length;
    }

    /// <summary>Whether <paramref name="text"/> holds <paramref name="value"/> at <paramref name="index"/>, ignoring ASCII case.</summary>
    public static bool At(string text, int index, string value) =>
        index >= 0 && index <= text.Length - value.Length && text.AsSpan(index, value.Length).Equals(value, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The index just past a DOCTYPE that starts at <paramref name="start"/>: its closing '>', skipping an
    /// internal subset in brackets; the text's length when it is never closed.
    /// </summary>
    public static int AfterDoctype(string text, int start)
    {
        int i = start + "<!DOCTYPE".Length;
        while (i < text.Length && text[i] is not ('>' or '['))
        {
            i++;
        }

        if (i < text.Length && text[i] == '[')
        {
            i = After(text, i, "]");
            while (i < text.Length && text[i] != '>')
            {
                i++;
            }
        }

        return Math.Min(text.Length, i + 1);
    }

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':' || (c > 127 && char.IsLetterOrDigit(c));
}
