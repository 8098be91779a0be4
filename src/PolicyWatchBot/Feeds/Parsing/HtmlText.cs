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
    public static string ToPlainText(HtmlNode node)
    {
        var builder = new StringBuilder();
        AppendText(node, builder);
        return Collapse(DecodeLeftovers(builder.ToString()));
    }

    /// <summary>Collapses every run of whitespace (line wraps, tabs, no-break spaces) to one space.</summary>
    public static string Collapse(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Whitespace().Replace(text, " ").Trim();

    private static string ExtractText(string html)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = 2000 };
        document.LoadHtml(html);
        var builder = new StringBuilder(html.Length);
        AppendText(document.DocumentNode, builder);
        return builder.ToString();
    }

    private static void AppendText(HtmlNode node, StringBuilder builder)
    {
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
            AppendText(child, builder);
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
