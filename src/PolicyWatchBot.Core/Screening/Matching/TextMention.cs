namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// A watchlist entry named in a document's text: which of the entry's forms matched, the text as
/// the document has it, where it starts and how long it is (UTF-16 offsets), and the score.
/// </summary>
public sealed record TextMention(WatchedName Entry, string EntryForm, string MatchedText, int Start, int Length, double Score)
{
    /// <summary>"names your watchlist entry Huawei as "HUAWEI TECHNOLOGIES CO., LTD." (1.00)".</summary>
    public string Explain()
    {
        var entry = EntryForm == Entry.Name ? Entry.Name : $"{Entry.Name} (alias {EntryForm})";
        return $"names your watchlist entry {entry} as \"{MatchedText}\" ({NameSimilarity.Format(Score)})";
    }
}
