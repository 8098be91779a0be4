namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// A channel's watchlist ready to match: each listed party (a changed entity, or a whole list)
/// against every entry, and a document's text for the entries it names.
/// </summary>
public sealed class Watchlist
{
    private readonly NameIndex<WatchedName> _index = new();

    public Watchlist(IEnumerable<WatchedName> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToList();
        foreach (var entry in Entries)
        {
            foreach (var form in entry.Forms.Distinct(StringComparer.Ordinal))
            {
                _index.Add(form, entry);
            }
        }
    }

    public IReadOnlyList<WatchedName> Entries { get; }

    /// <summary>The entries matching the party, each once with its best pair of forms, best score first.</summary>
    public IReadOnlyList<ScreeningHit> Screen(ScreenedParty party, double threshold = NameSimilarity.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(party);
        ThrowIfUnusable(threshold);
        var best = new Dictionary<WatchedName, ScreeningHit>(ReferenceEqualityComparer.Instance);
        var floor = LowestBeforeBoost(threshold);
        foreach (var form in party.Forms.Distinct(StringComparer.Ordinal))
        {
            foreach (var (name, score) in _index.Find(NormalizedName.Of(form), floor))
            {
                var hit = ScreeningHit.Judge(name.Owner, name.Form, party, form, score, threshold);
                if (hit is not null && (!best.TryGetValue(name.Owner, out var kept) || hit.Score > kept.Score))
                {
                    best[name.Owner] = hit;
                }
            }
        }

        return best.Values.OrderByDescending(h => h.Score).ThenBy(h => h.Entry.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The entries a text names, each once at its best-scoring place, in the order they appear.</summary>
    public IReadOnlyList<TextMention> FindMentions(string text, double threshold = NameSimilarity.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfUnusable(threshold);
        return MentionScan.Find(_index, text, threshold);
    }

    // A score this far under the threshold may still reach it with the country's boost.
    internal static double LowestBeforeBoost(double threshold) => Math.Max(0.01, threshold - NameSimilarity.CountryBoost);

    internal static void ThrowIfUnusable(double threshold)
    {
        if (NameSimilarity.CheckThreshold(threshold) is { } reason)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, reason);
        }
    }
}
