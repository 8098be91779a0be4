using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// The canonical key of an RSS item or Atom entry (Atom <c>id</c>, RSS <c>guid</c>, else the link):
/// <list type="bullet">
/// <item>arXiv abstract URLs and OAI ids (http or https, any version) → <c>arxiv:1609.06753</c>;</item>
/// <item>GOV.UK entries → <c>govuk:/path</c> of the alternate link (ids carry a changing <c>#timestamp</c>);</item>
/// <item>Federal Register document URLs → <c>fr:&lt;document number&gt;</c>, the key the JSON feeds use;</item>
/// <item>any other id that is an absolute URI (<c>http:</c>, <c>tag:</c>, <c>urn:</c>) → the id as-is;</item>
/// <item>an id that is not a URI (RSS guids like <c>12345</c> are only unique in their feed) → <c>&lt;feed id&gt;:&lt;id&gt;</c>;</item>
/// <item>no id → the link without its fragment; neither → <c>&lt;feed id&gt;:sha256:&lt;hash of title and summary&gt;</c>.</item>
/// </list>
/// </summary>
internal static partial class SyndicationItemKey
{
    public static (ItemKey Key, string NativeId) For(FeedId feed, FeedEntry entry)
    {
        string? id = string.IsNullOrWhiteSpace(entry.Id) ? null : entry.Id.Trim();
        string native = id ?? (entry.Link is { } link ? WithoutFragment(link) : "");

        if ((ArxivId(id) ?? ArxivId(entry.Link?.AbsoluteUri)) is { } arxiv)
        {
            return (new ItemKey("arxiv:" + arxiv), native.Length > 0 ? native : arxiv);
        }

        if ((GovUkPath(entry.Link) ?? GovUkPath(id)) is { } path)
        {
            return (new ItemKey("govuk:" + path), native.Length > 0 ? native : path);
        }

        if ((FederalRegisterNumber(entry.Link?.AbsoluteUri) ?? FederalRegisterNumber(id)) is { } number)
        {
            return (ItemKey.FederalRegister(number), native.Length > 0 ? native : number);
        }

        if (native.Length == 0)
        {
            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Title + "\n" + entry.Summary)))[..16];
            native = "sha256:" + hash;
            return (new ItemKey($"{feed}:{native}"), native);
        }

        if (id is not null && !Uri.TryCreate(id, UriKind.Absolute, out _))
        {
            return (new ItemKey($"{feed}:{id}"), id);
        }

        return (new ItemKey(native), native);
    }

    private static string WithoutFragment(Uri link) =>
        link.IsAbsoluteUri ? link.GetLeftPart(UriPartial.Query) : link.OriginalString;

    private static string? ArxivId(string? text)
    {
        Match match = text is null ? Match.Empty : Arxiv().Match(text.Trim());
        return match.Success ? match.Groups["id"].Value : null;
    }

    private static string? GovUkPath(Uri? link) =>
        link is { IsAbsoluteUri: true } && (link.Host.Equals("www.gov.uk", StringComparison.OrdinalIgnoreCase) || link.Host.Equals("gov.uk", StringComparison.OrdinalIgnoreCase))
            ? link.AbsolutePath
            : null;

    private static string? GovUkPath(string? id)
    {
        if (id is null)
        {
            return null;
        }

        Match tag = GovUkTag().Match(id);
        if (tag.Success)
        {
            return tag.Groups["path"].Value;
        }

        return Uri.TryCreate(id, UriKind.Absolute, out Uri? uri) ? GovUkPath(uri) : null;
    }

    private static string? FederalRegisterNumber(string? text)
    {
        Match match = text is null ? Match.Empty : FederalRegister().Match(text);
        return match.Success ? match.Groups["number"].Value : null;
    }

    [GeneratedRegex(@"^(?:https?://(?:export\.|www\.)?arxiv\.org/(?:abs|pdf)/|oai:arXiv\.org:|arXiv:)(?<id>[a-z][a-z.\-]*/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex Arxiv();

    [GeneratedRegex(@"^tag:(?:www\.)?gov\.uk,\d{4}(?:-\d{2}(?:-\d{2})?)?:(?<path>/[^#?\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex GovUkTag();

    [GeneratedRegex(@"^https?://(?:www\.)?federalregister\.gov/(?:documents/\d{4}/\d{2}/\d{2}|d|public-inspection)/(?<number>(?:[A-Z]\d?-)?\d{2,4}-\d{3,6})(?:[/?#.]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex FederalRegister();
}
