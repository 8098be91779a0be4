using System.Text;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Discord markdown for untrusted text: a backslash before every character that could format,
/// quote, link or mention, code spans that survive backticks, and links only to http(s) URLs.
/// Pings are stopped by empty <c>allowed_mentions</c>; escaping keeps the layout the bot's own.
/// </summary>
internal static class DiscordMarkdown
{
    private const string Special = "\\*_~`|>#-[]()<:@";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return escaped.ToString();
    }

    public static string Bold(string text) => "**" + Escape(text) + "**";

    /// <summary>Monospace text: backticks inside cannot end the span (nothing inside a code span is a mention or a link).</summary>
    public static string Code(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var oneLine = text.ReplaceLineEndings(" ");
        if (oneLine.Length == 0)
        {
            return "";
        }

        if (!oneLine.Contains('`', StringComparison.Ordinal))
        {
            return "`" + oneLine + "`";
        }

        // A double-backtick span holds single backticks; a run of two or more is broken up.
        return "`` " + oneLine.Replace("``", "`\u200B`", StringComparison.Ordinal) + " ``";
    }

    /// <summary>A masked link (<c>[text](&lt;url&gt;)</c>, no preview) when the URL is a plain http(s) one, else the text and the URL escaped.</summary>
    public static string Link(string text, string url)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsSafeUrl(url))
        {
            return Escape(text == url ? url : $"{text} ({url})");
        }

        return text == url ? $"<{url}>" : $"[{Escape(text)}](<{url}>)";
    }

    /// <summary>An absolute http(s) URL with nothing that could end a link early.</summary>
    public static bool IsSafeUrl(string? url) =>
        url is { Length: > 0 and <= 512 }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !url.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or '[' or ']' or '`' or '"');

    /// <summary>At most <paramref name="max"/> characters, cut with an ellipsis (never inside a surrogate pair or after a lone escape).</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length <= max)
        {
            return trimmed;
        }

        var end = max - 1;
        if (char.IsHighSurrogate(trimmed[end - 1]))
        {
            end--;
        }

        var backslashes = 0;
        while (backslashes < end && trimmed[end - 1 - backslashes] == '\\')
        {
            backslashes++;
        }

        if (backslashes % 2 == 1)
        {
            end--;
        }

        return trimmed[..end].TrimEnd() + "…";
    }
}
