namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>What a body is at first sight, so a wrong answer (an HTML bot-challenge page, an
/// error page, a JSON error) is reported for what it is instead of being read as zero items.</summary>
internal enum BodyFormat
{
    Empty,
    Json,
    Feed,
    Xml,
    Html,
    Text,
}

/// <summary>The format of a decoded body, its root element and its HTML title.</summary>
internal sealed record BodyShape(BodyFormat Format, string? Root, string? Title)
{
    private static readonly HashSet<string> FeedRoots = new(StringComparer.OrdinalIgnoreCase) { "rss", "rdf", "feed", "channel" };

    /// <summary>How much of a body is looked at: enough for any prolog, bounded for any body.</summary>
    private const int SniffLength = 65536;

    /// <summary>
    /// The shape of a body from its bytes, decoding only the head <see cref="Inspect"/> looks at; the same
    /// answer as inspecting the whole decoded text, for the cost of 64 KB of it.
    /// </summary>
    public static BodyShape Of(ReadOnlySpan<byte> content, string? contentType)
    {
        string head = BodyText.DecodeHead(content, contentType, SniffLength);

        // A head of white space only says nothing of what follows it (white space decodes cheaply).
        return head.Length == SniffLength && head.AsSpan().IsWhiteSpace()
            ? Inspect(BodyText.Decode(content, contentType))
            : Inspect(head);
    }

    public static BodyShape Inspect(string text)
    {
        ReadOnlySpan<char> start = text.AsSpan().TrimStart();
        if (start.IsEmpty)
        {
            return new BodyShape(BodyFormat.Empty, null, null);
        }

        if (start[0] is '{' or '[')
        {
            return new BodyShape(BodyFormat.Json, null, null);
        }

        if (start[0] != '<')
        {
            return new BodyShape(BodyFormat.Text, null, null);
        }

        string head = text.Length > SniffLength ? text[..SniffLength] : text;
        (string? name, bool htmlDoctype) = Prolog(head);
        string local = name is null ? "" : name.Contains(':', StringComparison.Ordinal) ? name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..] : name;
        if (FeedRoots.Contains(local))
        {
            return new BodyShape(BodyFormat.Feed, local.ToLowerInvariant(), null);
        }

        if (htmlDoctype || local.Equals("html", StringComparison.OrdinalIgnoreCase)
            || local.Equals("head", StringComparison.OrdinalIgnoreCase) || local.Equals("body", StringComparison.OrdinalIgnoreCase))
        {
            return new BodyShape(BodyFormat.Html, "html", TitleOf(head));
        }

        return name is not null
            ? new BodyShape(BodyFormat.Xml, name, null)
            : new BodyShape(BodyFormat.Empty, null, null);
    }

    /// <summary>
    /// One pass over the prolog: skips the XML declaration, processing instructions, comments, CDATA and
    /// the DOCTYPE (noting whether it is HTML's, when only a declaration and comments precede it), and
    /// returns the name of the first element; null when there is none.
    /// </summary>
    private static (string? Root, bool HtmlDoctype) Prolog(string head)
    {
        bool htmlDoctype = false;
        bool onlyDeclarations = true;
        int i = 0;
        while (true)
        {
            i = head.IndexOf('<', i);
            if (i < 0 || i + 1 >= head.Length)
            {
                return (null, htmlDoctype);
            }

            if (MarkupScanner.At(head, i, "<!--"))
            {
                i = MarkupScanner.After(head, i + 4, "-->");
            }
            else if (MarkupScanner.At(head, i, "<?"))
            {
                i = MarkupScanner.After(head, i + 2, "?>");
            }
            else if (MarkupScanner.At(head, i, "<![CDATA["))
            {
                onlyDeclarations = false;
                i = MarkupScanner.After(head, i + 9, "]]>");
            }
            else if (MarkupScanner.At(head, i, "<!DOCTYPE"))
            {
                int name = i + 9;
                while (name < head.Length && char.IsWhiteSpace(head[name]))
                {
                    name++;
                }

                htmlDoctype |= onlyDeclarations && name > i + 9 && MarkupScanner.At(head, name, "html");
                onlyDeclarations = false;
                i = MarkupScanner.AfterDoctype(head, i);
            }
            else if (MarkupScanner.IsNameStart(head[i + 1]))
            {
                int end = i + 1;
                while (end < head.Length && MarkupScanner.IsNameChar(head[end]))
                {
                    end++;
                }

                return (head[(i + 1)..end], htmlDoctype);
            }
            else
            {
                onlyDeclarations = false;
                i++;
            }
        }
    }

    /// <summary>"an HTML page (title 'Federal Register :: Request Access')", "an empty body"...</summary>
    public string Describe() => Format switch
    {
        BodyFormat.Empty => "an empty body (no root element)",
        BodyFormat.Json => "JSON",
        BodyFormat.Feed => $"an RSS/Atom feed (root <{Root}>)",
        BodyFormat.Xml => $"XML with root <{Root}>",
        BodyFormat.Html => Title is { Length: > 0 } ? $"an HTML page (title '{Title}')" : "an HTML page (no title)",
        _ => "a body that is neither JSON, XML nor HTML",
    };

    /// <summary>The text of the first <c>&lt;title&gt;</c> element; null when there is none or it is never closed.</summary>
    private static string? TitleOf(string html)
    {
        int open = html.IndexOf("<title", StringComparison.OrdinalIgnoreCase);
        int contentStart = open < 0 ? -1 : html.IndexOf('>', open);
        int close = contentStart < 0 ? -1 : html.IndexOf("</title>", contentStart, StringComparison.OrdinalIgnoreCase);
        if (close < 0)
        {
            return null;
        }

        string text = HtmlText.ToPlainText(html[(contentStart + 1)..close]);
        return text.Length > 100 ? text[..100] + "..." : text;
    }
}
