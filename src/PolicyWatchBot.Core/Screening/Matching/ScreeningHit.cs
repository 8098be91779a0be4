namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// A watchlist entry matching a listed party, explained: which of the entry's forms (its name or an
/// alias) matched which of the party's forms, the score in [0, 1], and whether the entry's country
/// is one of the party's (which raised the score by <see cref="NameSimilarity.CountryBoost"/>).
/// </summary>
public sealed record ScreeningHit(WatchedName Entry, string EntryForm, ScreenedParty Party, string PartyForm, double Score, bool CountryMatched)
{
    /// <summary>"HUAWEI TECHNOLOGIES CO., LTD. matches your watchlist entry Huawei (alias Huawei Technologies) (0.96)".</summary>
    public string Explain()
    {
        var entry = EntryForm == Entry.Name ? Entry.Name : $"{Entry.Name} (alias {EntryForm})";
        return $"{PartyForm} matches your watchlist entry {entry} ({NameSimilarity.Format(Score)})";
    }

    /// <summary>The hit when the names' score, with the country checked (a different country excludes, the same one adds <see cref="NameSimilarity.CountryBoost"/>), reaches the threshold; else null.</summary>
    internal static ScreeningHit? Judge(WatchedName entry, string entryForm, ScreenedParty party, string partyForm, double score, double threshold)
    {
        var agreement = CountryCheck.Compare(entry.Country, party.Countries);
        if (agreement == CountryAgreement.Different)
        {
            return null;
        }

        var same = agreement == CountryAgreement.Same;
        var final = same ? Math.Min(1, score + NameSimilarity.CountryBoost) : score;
        return final >= threshold ? new ScreeningHit(entry, entryForm, party, partyForm, final, same) : null;
    }
}
