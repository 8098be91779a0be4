using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reduces HTML (feed summaries, page regions) to one line of plain text: tags dropped, scripts
/// and styles skipped, entities decoded (twice when the source double-escaped them, as the
/// Federal Register RSS does), whitespace collapsed.
/// </summary>
internal static partial class HtmlText
{
    /// <summary>How deep a fragment's elements may nest to be read as a tree; deeper ones lose only their tags.</summary>
    private const int MaxDepth = 1000;

    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "h1", "h2", "h3",
        "h4", "h5", "h6", "section", "article", "header", "footer", "blockquote", "pre", "hr", "main",
        "aside", "nav", "figure", "figcaption",
    };

    /// <summary>Plain text of an HTML fragment or document; empty when there is none.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        string text = html.Contains('<', StringComparison.Ordinal) ? ExtractText(html) : WebUtility.HtmlDecode(html);
        return Collapse(DecodeLeftovers(text));
    }

    /// <summary>Plain text of a parsed node (a page region).</summary>
    public static string ToPlainText(HtmlNode node) => ToPlainText(node, int.MaxValue);

    /// <summary>
    /// Plain text of a parsed node, reading at most about <paramref name="maxLength"/> characters of it:
    /// in a list of unclosed elements each item holds all the items after it, and reading each whole
    /// would cost the square of the page.
    /// </summary>
    public static string ToPlainText(HtmlNode node, int maxLength)
    {
        var builder = new StringBuilder();
        AppendText(node, builder, maxLength);
        return Collapse(DecodeLeftovers(builder.ToString()));
    }

    /// <summary>Collapses every run of whitespace (line wraps, tabs, no-break spaces) to one space.</summary>
    public static string Collapse(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Whitespace().Replace(text, " ").Trim();

    private static string ExtractText(string html)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxDepth };
        if (!HtmlBody.TryLoad(document, html))
        {
            // Too deep to walk as a tree: the text between the tags still belongs to the item.
            return WebUtility.HtmlDecode(StripTags(html));
        }

        var builder = new StringBuilder(html.Length);
        AppendText(document.DocumentNode, builder, int.MaxValue);
        return builder.ToString();
    }

    /// <summary>The text outside <c>&lt;...&gt;</c>, each tag a space; one linear pass.</summary>
    private static string StripTags(string html)
    {
        var text = new StringBuilder(html.Length);
        bool inTag = false;
        foreach (char c in html)
        {
            if (c == '<')
            {
                inTag = true;
                text.Append(' ');
            }
            else if (c == '>' && inTag)
            {
                inTag = false;
            }
            else if (!inTag)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static void AppendText(HtmlNode node, StringBuilder builder, int maxLength)
    {
        if (builder.Length >= maxLength)
        {
            return;
        }

        switch (node.NodeType)
        {
            case HtmlNodeType.Text:
                builder.Append(WebUtility.HtmlDecode(((HtmlTextNode)node).Text));
                return;
            case HtmlNodeType.Comment:
                return;
            case HtmlNodeType.Element when SkippedElements.Contains(node.Name):
                return;
        }

        bool block = node.NodeType == HtmlNodeType.Element && BlockElements.Contains(node.Name);
        if (block)
        {
            builder.Append(' ');
        }

        foreach (HtmlNode child in node.ChildNodes)
        {
            AppendText(child, builder, maxLength);
        }

        if (block)
        {
            builder.Append(' ');
        }
    }

    /// <summary>
    /// A body escaped twice (<c>VA&amp;amp;#39;s</c> in the XML) still holds entities after one
    /// decoding; decode once more, and drop markup that only appeared after decoding.
    /// </summary>
    private static string DecodeLeftovers(string text)
    {
        for (int pass = 0; pass < 2 && HasEntities(text); pass++)
        {
            text = WebUtility.HtmlDecode(text);
        }

        if (text.Contains('<', StringComparison.Ordinal) && Tag().IsMatch(text))
        {
            text = WebUtility.HtmlDecode(ExtractText(text));
        }

        return text;
    }

    private static bool HasEntities(string text) =>
        text.Contains("&#", StringComparison.Ordinal) || Entity().IsMatch(text);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"&(?:amp|lt|gt|quot|apos|nbsp);")]
    private static partial Regex Entity();

    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")]
    private static partial Regex Tag();
}
