namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// The words that say what kind of company a party is or join a name's words, not which party it
/// is: legal forms (Co., Ltd., LLC, Inc., Corp., GmbH, AG, S.A., JSC, OOO, 有限公司, 股份有限公司 ...,
/// also spelled out: "joint stock company") and words such as "the", "of", "de". They are dropped
/// wherever they stand, both from names and from texts, unless a name has nothing else.
/// </summary>
internal static class NameNoise
{
    private static readonly string[] Single =
    [
        "co", "cos", "company", "corp", "corporation", "inc", "incorporated", "ltd", "ltda", "limited", "llc", "llp", "lp", "plc", "pllc",
        "gmbh", "mbh", "ag", "kg", "kgaa", "sa", "sas", "sarl", "srl", "spa", "sl", "sau", "bv", "nv", "ab", "as", "asa", "oy", "oyj", "aps",
        "jsc", "ojsc", "cjsc", "pjsc", "ooo", "oao", "zao", "pao", "tov", "pte", "pty", "bhd", "sdn", "kk", "fze", "fzco", "fzc", "fzllc",
        "ооо", "оао", "зао", "пао", "ао", "тов",
        "the", "of", "and", "for", "de", "del", "della", "di", "da", "do", "la", "le", "les", "el", "los", "las", "das", "der", "die", "und", "et", "y", "ve",
    ];

    private static readonly string[] Phrases =
    [
        "open joint stock company", "closed joint stock company", "public joint stock company", "joint stock company",
        "limited liability company", "limited liability partnership", "public limited company", "private limited", "company limited",
        "sociedad anonima", "societe anonyme", "kabushiki kaisha",
        "s a s", "s a", "s r l", "s p a", "s l", "b v", "n v", "l l c", "p l c",
        "股 份 有 限 公 司", "有 限 责 任 公 司", "有 限 責 任 公 司", "有 限 公 司", "公 司", "株 式 会 社", "有 限 会 社",
    ];

    // Phrases by their first word, longest first.
    private static readonly Dictionary<string, string[][]> ByFirstWord = Phrases
        .Select(p => p.Split(' '))
        .Concat(Single.Select(s => new[] { s }))
        .GroupBy(words => words[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(words => words.Length).ToArray(), StringComparer.Ordinal);

    /// <summary>The tokens with every noise word and phrase removed; the tokens unchanged when nothing else is left.</summary>
    public static List<NameToken> Remove(List<NameToken> tokens)
    {
        var kept = new List<NameToken>(tokens.Count);
        for (var i = 0; i < tokens.Count;)
        {
            var length = NoiseAt(tokens, i);
            if (length == 0)
            {
                kept.Add(tokens[i]);
                i++;
            }
            else
            {
                i += length;
            }
        }

        return kept.Count == 0 ? tokens : kept;
    }

    private static int NoiseAt(List<NameToken> tokens, int index)
    {
        if (!ByFirstWord.TryGetValue(tokens[index].Text, out var candidates))
        {
            return 0;
        }

        foreach (var words in candidates)
        {
            if (index + words.Length > tokens.Count)
            {
                continue;
            }

            var all = true;
            for (var w = 1; w < words.Length && all; w++)
            {
                all = string.Equals(tokens[index + w].Text, words[w], StringComparison.Ordinal);
            }

            if (all)
            {
                return words.Length;
            }
        }

        return 0;
    }
}
