using System.Text.RegularExpressions;

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
internal sealed partial record BodyShape(BodyFormat Format, string? Root, string? Title)
{
    private static readonly HashSet<string> FeedRoots = new(StringComparer.OrdinalIgnoreCase) { "rss", "rdf", "feed", "channel" };

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

        string head = text.Length > 65536 ? text[..65536] : text;
        Match root = RootElement().Match(Prolog().Replace(head, ""));
        string name = root.Success ? root.Groups[1].Value : "";
        string local = name.Contains(':', StringComparison.Ordinal) ? name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..] : name;
        if (FeedRoots.Contains(local))
        {
            return new BodyShape(BodyFormat.Feed, local.ToLowerInvariant(), null);
        }

        if (HtmlDoctype().IsMatch(head) || local.Equals("html", StringComparison.OrdinalIgnoreCase)
            || local.Equals("head", StringComparison.OrdinalIgnoreCase) || local.Equals("body", StringComparison.OrdinalIgnoreCase))
        {
            return new BodyShape(BodyFormat.Html, "html", TitleOf(head));
        }

        return root.Success
            ? new BodyShape(BodyFormat.Xml, name, null)
            : new BodyShape(BodyFormat.Empty, null, null);
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

    private static string? TitleOf(string html)
    {
        Match title = HtmlTitle().Match(html);
        if (!title.Success)
        {
            return null;
        }

        string text = HtmlText.ToPlainText(title.Groups[1].Value);
        return text.Length > 100 ? text[..100] + "..." : text;
    }

    [GeneratedRegex(@"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!DOCTYPE\s+html", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlDoctype();

    [GeneratedRegex(@"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|<!\[CDATA\[.*?(?:\]\]>|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Prolog();

    [GeneratedRegex(@"<(?![?!/])([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")]
    private static partial Regex RootElement();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();
}
