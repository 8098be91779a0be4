using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Fetching;

/// <summary>
/// The values of <c>PolicyWatch:Feeds:Secrets:NAME</c>, and the only code that puts them into a
/// request (a query parameter value or a header of a request to the feed's own host) or takes them
/// back out of text: a URL that is stored, shown or logged keeps <c>{secret:NAME}</c>.
/// </summary>
internal sealed partial class FeedSecrets(IOptions<FeedOptions> options)
{
    public const string Section = "PolicyWatch:Feeds:Secrets";

    public static string KeyOf(string name) => $"{Section}:{name}";

    /// <summary>The secrets the feed references that configuration does not set.</summary>
    public IReadOnlyList<string> Missing(FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Secrets.Where(name => Value(name) is null).ToList();
    }

    /// <summary>"needs PolicyWatch:Feeds:Secrets:DATA_GOV", or null when every secret is set.</summary>
    public string? Needs(FeedDefinition feed) =>
        Missing(feed) is { Count: > 0 } missing ? "needs " + string.Join(", ", missing.Select(KeyOf)) : null;

    /// <summary>
    /// The URL to send: secrets filled in, on the feed's own host only. A page of the feed (a next
    /// page the answer linked) that lacks a query parameter carrying a secret gets it back.
    /// </summary>
    public Uri RequestUrl(FeedDefinition feed, Uri url)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(url);
        if (feed.Secrets.Count == 0 || !SameOrigin(feed.Url, url))
        {
            return url;
        }

        var text = url.OriginalString;
        foreach (var (name, value) in SecretParameters(feed.Url))
        {
            if (!Parsing.QueryParameter.Has(url, name))
            {
                text += (text.Contains('?', StringComparison.Ordinal) ? "&" : "?") + Uri.EscapeDataString(name) + "=" + value;
            }
        }

        return new Uri(Placeholder().Replace(text, m => Uri.EscapeDataString(Required(m.Groups[1].Value))));
    }

    /// <summary>The feed's headers with secrets filled in, for a request to the feed's own host or its <c>headerHosts</c>; none elsewhere.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers(FeedDefinition feed, Uri url)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(url);
        // A listed host gets them over the feed's own scheme only: an https feed never sends its headers in clear.
        var listedHost = url.Scheme == feed.Url.Scheme && feed.HeaderHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase);
        if (feed.Headers.Count == 0 || !(SameOrigin(feed.Url, url) || listedHost))
        {
            return [];
        }

        return feed.Headers.Select(h => new KeyValuePair<string, string>(h.Key, Placeholder().Replace(h.Value, m => Required(m.Groups[1].Value)))).ToList();
    }

    /// <summary>Every configured secret value in the text (as written, or URL-escaped) replaced by its placeholder.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (name, value) in options.Value.Secrets)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            text = text.Replace(value, $"{{secret:{name}}}", StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(value);
            if (escaped != value)
            {
                text = text.Replace(escaped, $"{{secret:{name}}}", StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }

    public Uri Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.OriginalString;
        var redacted = Redact(text);
        return ReferenceEquals(text, redacted) || text == redacted ? url : new Uri(redacted);
    }

    /// <summary>
    /// An item with every configured secret taken out of its key and links: a source that echoes the
    /// key in its links (a "next" or "self" URL built from the request) must not get it stored.
    /// </summary>
    public FeedItem Redact(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = Redact(item.Key.Value);
        var native = Redact(item.NativeId);
        var link = item.Link is null ? null : Redact(item.Link);
        var pdf = item.PdfLink is null ? null : Redact(item.PdfLink);
        var inspection = item.PublicInspectionLink is null ? null : Redact(item.PublicInspectionLink);
        return key == item.Key.Value && native == item.NativeId && link == item.Link && pdf == item.PdfLink && inspection == item.PublicInspectionLink
            ? item
            : item with { Key = new ItemKey(key), NativeId = native, Link = link, PdfLink = pdf, PublicInspectionLink = inspection };
    }

    private string? Value(string name) =>
        options.Value.Secrets.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private string Required(string name) =>
        Value(name) ?? throw new InvalidOperationException($"needs {KeyOf(name)}");

    // Query parameters of the feed URL whose value holds a placeholder, with that value as written.
    private static IEnumerable<(string Name, string Value)> SecretParameters(Uri feedUrl)
    {
        var text = feedUrl.OriginalString;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            yield break;
        }

        foreach (var pair in text[(query + 1)..].Split('#')[0].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Placeholder().IsMatch(pair[(equals + 1)..]))
            {
                yield return (Uri.UnescapeDataString(pair[..equals]), pair[(equals + 1)..]);
            }
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    [GeneratedRegex(@"(?:\{|%7B)secret:([A-Za-z][A-Za-z0-9_]*)(?:\}|%7D)", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
