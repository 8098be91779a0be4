using System.Globalization;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Threads;

/// <summary>
/// The Federal Register documents an item points at: a link to <c>federalregister.gov/d/NNNN-NNNNN</c>
/// or to a document page, or a public-inspection PDF, in its link, title or summary, or a printed
/// citation ("89 FR 43"). A press release or an OFAC web action citing an FR document is the same
/// action as that document. A citation names the document by volume and page, not by number, so it
/// is a key of its own (<see cref="CitationKey"/>) that the FR document carries too (<see cref="OwnCitation"/>).
/// </summary>
public static partial class ItemCitations
{
    private const int MaxCited = 10;

    /// <summary>The FR documents the item cites (its own key and the one it corrects left out), in order of appearance.</summary>
    public static IReadOnlyList<ItemKey> Of(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var cited = new List<ItemKey>();
        foreach (var text in (string?[])[item.Link?.AbsoluteUri, item.Title, item.Summary])
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (Match match in DocumentLink().Matches(text))
            {
                var key = ItemKey.FederalRegister(match.Groups["number"].Value);
                if (key != item.Key && !cited.Contains(key) && cited.Count < MaxCited)
                {
                    cited.Add(key);
                }
            }
        }

        var own = OwnCitation(item);
        foreach (var text in (string?[])[item.Title, item.Summary])
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (Match match in PrintedCitation().Matches(text))
            {
                var key = CitationKey(match.Groups["volume"].Value, match.Groups["page"].Value);
                if (key != own && !cited.Contains(key) && cited.Count < MaxCited)
                {
                    cited.Add(key);
                }
            }
        }

        return cited;
    }

    /// <summary>The key of an FR document's printed citation (its <c>citation</c>, "89 FR 43"); null for an item without one.</summary>
    public static ItemKey? OwnCitation(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Citation is { } citation && PrintedCitation().Match(citation) is { Success: true } match
            ? CitationKey(match.Groups["volume"].Value, match.Groups["page"].Value)
            : null;
    }

    /// <summary>"89 FR 43" as a key: <c>fr-cite:89-43</c> (leading zeros dropped, so "089 FR 043" is the same).</summary>
    public static ItemKey CitationKey(string volume, string page) =>
        new($"fr-cite:{int.Parse(volume, CultureInfo.InvariantCulture)}-{int.Parse(page, CultureInfo.InvariantCulture)}");

    [GeneratedRegex(@"(?<![\d.])(?<volume>\d{1,3})\s+FR\s+(?<page>\d{1,6})(?![\d])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex PrintedCitation();

    /// <summary>The document an FR correction corrects (<c>correction_of</c>), as an item key.</summary>
    public static ItemKey? CorrectionTarget(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.IsNullOrWhiteSpace(item.CorrectionOf) ? null : ItemKey.FederalRegister(item.CorrectionOf.Trim());
    }

    [GeneratedRegex(
        @"(?:federalregister\.gov/(?:d|documents/\d{4}/\d{2}/\d{2}|documents/full_text/\S+?)/|public-inspection\.federalregister\.gov/(?:[^/\s]+/)*)(?<number>(?:19|20)\d{2}-\d{5})(?!\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex DocumentLink();
}
