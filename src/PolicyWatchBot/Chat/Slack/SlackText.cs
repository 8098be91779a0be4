using System.Text;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Slack's mrkdwn control characters. Untrusted text (feed titles, summaries, what users typed)
/// goes through <see cref="Escape"/>, so <c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c> or a forged
/// <c>&lt;https://evil|click&gt;</c> shows as literal text and pings or links nothing.
/// </summary>
public static class SlackText
{
    /// <summary><c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as entities; nothing else is touched.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => null,
            } ?? c.ToString());
        }

        return escaped.ToString();
    }

    /// <summary>The reverse, for slash-command text (Slack sends <c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c>), in one pass.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var rest = text.AsSpan(i);
            if (rest.StartsWith("&amp;", StringComparison.Ordinal))
            {
                plain.Append('&');
                i += 4;
            }
            else if (rest.StartsWith("&lt;", StringComparison.Ordinal))
            {
                plain.Append('<');
                i += 3;
            }
            else if (rest.StartsWith("&gt;", StringComparison.Ordinal))
            {
                plain.Append('>');
                i += 3;
            }
            else
            {
                plain.Append(text[i]);
            }
        }

        return plain.ToString();
    }

    /// <summary>
    /// A link we build: <c>&lt;url|label&gt;</c>, only for http(s) URLs (anything else is shown as
    /// the escaped label); <c>&lt;</c>, <c>&gt;</c>, <c>|</c> and spaces in the URL are
    /// percent-encoded and <c>|</c> in the label is replaced, so neither side can end the link early.
    /// </summary>
    public static string Link(string url, string label)
    {
        var text = Escape(label.Replace('|', '¦'));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return text;
        }

        var target = uri.AbsoluteUri.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)
            .Replace("|", "%7C", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)
            .Replace("&", "&amp;", StringComparison.Ordinal);
        return $"<{target}|{text}>";
    }

    /// <summary>Bold: <c>*text*</c> with the text escaped and asterisks dropped, so bold cannot be broken open.</summary>
    public static string Bold(string text) => $"*{Escape(text.Replace("*", "", StringComparison.Ordinal).Trim())}*";

    /// <summary>Monospace: <c>`text`</c> with the text escaped and backticks replaced.</summary>
    public static string Code(string text) => $"`{Escape(text.Replace('`', '\''))}`";

    /// <summary>Cuts to at most <paramref name="max"/> characters, ending in an ellipsis when cut, never inside an entity or a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = max - 1;
        var amp = text.LastIndexOf('&', end - 1, Math.Min(end, 5));
        if (amp >= 0 && text.IndexOf(';', amp) is var semi && semi >= end)
        {
            end = amp;
        }

        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end] + "…";
    }
}
