namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// Names (each with the owner it stands for and the form as written) indexed by their words'
/// keys, so that a query scores only the names that could reach a threshold rather than all of
/// them. A word's keys are its first three letters, its last three and its first three consonants
/// ("muhammad" and "mohammed" share "mhm"): two words similar enough to pair almost always share one. A name is
/// scored only when the words on both sides sharing a key are long enough, together, to reach the
/// threshold less <see cref="Slack"/>.
/// </summary>
internal sealed class NameIndex<TOwner>
{
    // Room for the pairs whose words share no key and for names read run together.
    private const double Slack = 0.2;

    private readonly List<IndexedName> _names = [];
    private readonly Dictionary<string, List<(int Name, int Word)>> _postings = new(StringComparer.Ordinal);

    public IReadOnlyList<IndexedName> Names => _names;

    public void Add(string form, TOwner owner)
    {
        var name = NormalizedName.Of(form);
        if (name.IsEmpty)
        {
            return;
        }

        var index = _names.Count;
        _names.Add(new IndexedName(name, form, owner));
        for (var word = 0; word < name.Tokens.Count; word++)
        {
            foreach (var key in Keys(name.Tokens[word]))
            {
                if (!_postings.TryGetValue(key, out var posting))
                {
                    _postings[key] = posting = [];
                }

                posting.Add((index, Math.Min(word, 63)));
            }
        }
    }

    /// <summary>Every indexed name scoring at least <paramref name="threshold"/> against <paramref name="query"/>, with its score.</summary>
    public List<(IndexedName Name, double Score)> Find(NormalizedName query, double threshold)
    {
        var found = new List<(IndexedName, double)>();
        if (query.IsEmpty)
        {
            return found;
        }

        var hits = new Dictionary<int, WordHits>();
        for (var word = 0; word < query.Tokens.Count; word++)
        {
            foreach (var key in Keys(query.Tokens[word]))
            {
                if (!_postings.TryGetValue(key, out var posting))
                {
                    continue;
                }

                foreach (var (name, nameWord) in posting)
                {
                    hits.TryGetValue(name, out var hit);
                    if (hit.LastQueryWord != word + 1)
                    {
                        hit.QueryLength += query.Tokens[word].Length;
                        hit.LastQueryWord = word + 1;
                    }

                    hit.NameWords |= 1UL << nameWord;
                    hits[name] = hit;
                }
            }
        }

        foreach (var (index, hit) in hits)
        {
            var name = _names[index];
            var nameLength = 0;
            for (var word = 0; word < name.Name.Tokens.Count; word++)
            {
                if ((hit.NameWords & (1UL << Math.Min(word, 63))) != 0)
                {
                    nameLength += name.Name.Tokens[word].Length;
                }
            }

            if (hit.QueryLength + nameLength < (threshold - Slack) * (query.Length + name.Name.Length))
            {
                continue;
            }

            var score = NameSimilarity.Score(query, name.Name);
            if (score >= threshold)
            {
                found.Add((name, score));
            }
        }

        return found;
    }

    /// <summary>The keys of one word: its first three letters (the word itself when shorter) and, from four letters, its last three and its first three consonants.</summary>
    internal static string[] Keys(string word)
    {
        var prefix = word.Length <= 3 ? word : word[..3];
        if (word.Length < 4)
        {
            return [prefix];
        }

        Span<char> consonants = stackalloc char[3];
        var count = 0;
        foreach (var c in word)
        {
            if (count == 3)
            {
                break;
            }

            if (char.IsLetter(c) && !"aeiouy".Contains(c, StringComparison.Ordinal) && (count == 0 || consonants[count - 1] != c))
            {
                consonants[count++] = c;
            }
        }

        var suffix = "$" + word[^3..];
        return count >= 2 ? [prefix, suffix, "#" + new string(consonants[..count])] : [prefix, suffix];
    }

    internal sealed record IndexedName(NormalizedName Name, string Form, TOwner Owner);

    private struct WordHits
    {
        public int QueryLength;
        public int LastQueryWord;
        public ulong NameWords;
    }
}
