namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// Finds watchlist names in a text: the text is split and normalised as names are, then each name
/// of n words is scored against the runs of n-1 to n+1 words around each place one of its words'
/// keys occurs, so a name is found whatever the text around it.
/// </summary>
internal static class MentionScan
{
    public static List<TextMention> Find(NameIndex<WatchedName> index, string text, double threshold)
    {
        var words = NameNoise.Remove(NameTokenizer.Tokenize(text));
        var where = WordsByKey(words);
        var best = new Dictionary<WatchedName, TextMention>(ReferenceEqualityComparer.Instance);
        var tried = new HashSet<(int Start, int Count)>();
        foreach (var name in index.Names)
        {
            tried.Clear();
            var tokens = name.Name.Tokens;
            for (var word = 0; word < tokens.Count; word++)
            {
                foreach (var key in NameIndex<WatchedName>.Keys(tokens[word]))
                {
                    if (!where.TryGetValue(key, out var positions))
                    {
                        continue;
                    }

                    foreach (var position in positions)
                    {
                        // A word missing in the text, or one more, moves the run's start by one either way.
                        for (var start = Math.Max(0, position - word - 1); start <= Math.Min(position, position - word + 1); start++)
                        {
                            for (var count = Math.Max(1, tokens.Count - 1); count <= tokens.Count + 1 && start + count <= words.Count; count++)
                            {
                                if (start + count > position && tried.Add((start, count))
                                    && Mention(name, text, words, start, count, threshold) is { } mention
                                    && (!best.TryGetValue(name.Owner, out var kept) || mention.Score > kept.Score))
                                {
                                    best[name.Owner] = mention;
                                }
                            }
                        }
                    }
                }
            }
        }

        return best.Values.OrderBy(m => m.Start).ThenByDescending(m => m.Score).ToList();
    }

    private static Dictionary<string, List<int>> WordsByKey(List<NameToken> words)
    {
        var where = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var key in NameIndex<WatchedName>.Keys(words[i].Text))
            {
                if (!where.TryGetValue(key, out var positions))
                {
                    where[key] = positions = [];
                }

                positions.Add(i);
            }
        }

        return where;
    }

    private static TextMention? Mention(NameIndex<WatchedName>.IndexedName name, string text, List<NameToken> words, int start, int count, double threshold)
    {
        var run = new NormalizedName(words.GetRange(start, count).Select(w => w.Text).ToArray());
        var score = NameSimilarity.Score(run, name.Name);
        if (score < threshold)
        {
            return null;
        }

        var from = words[start].Start;
        var to = words[start + count - 1].End;
        return new TextMention(name.Owner, name.Form, text[from..to], from, to - from, score);
    }
}
