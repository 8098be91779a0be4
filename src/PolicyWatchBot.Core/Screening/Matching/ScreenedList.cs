namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>The parties of one or more lists ready to match one watchlist entry against ("watch test NAME").</summary>
public sealed class ScreenedList
{
    private readonly NameIndex<ScreenedParty> _index = new();

    public ScreenedList(IEnumerable<ScreenedParty> parties)
    {
        ArgumentNullException.ThrowIfNull(parties);
        Parties = parties.ToList();
        foreach (var party in Parties)
        {
            foreach (var form in party.Forms.Distinct(StringComparer.Ordinal))
            {
                _index.Add(form, party);
            }
        }
    }

    public IReadOnlyList<ScreenedParty> Parties { get; }

    /// <summary>The parties the entry matches, each once with its best pair of forms, best score first.</summary>
    public IReadOnlyList<ScreeningHit> Find(WatchedName entry, double threshold = NameSimilarity.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Watchlist.ThrowIfUnusable(threshold);
        var best = new Dictionary<ScreenedParty, ScreeningHit>(ReferenceEqualityComparer.Instance);
        var floor = Watchlist.LowestBeforeBoost(threshold);
        foreach (var form in entry.Forms.Distinct(StringComparer.Ordinal))
        {
            foreach (var (name, score) in _index.Find(NormalizedName.Of(form), floor))
            {
                var hit = ScreeningHit.Judge(entry, form, name.Owner, name.Form, score, threshold);
                if (hit is not null && (!best.TryGetValue(name.Owner, out var kept) || hit.Score > kept.Score))
                {
                    best[name.Owner] = hit;
                }
            }
        }

        return best.Values.OrderByDescending(h => h.Score).ThenBy(h => h.Party.Key, StringComparer.Ordinal).ToList();
    }
}
