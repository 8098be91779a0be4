using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// A fixed, repeatable mix of rules such as analysts write, drawn with a fixed seed from a keyword
/// vocabulary: words, phrases (real bigrams), prefixes, fields, NEAR, negations, OR groups and a few
/// regexes. Agency and CFR terms always come from the documents. The first n rules of the mix are the
/// rule set of size n, so every size has the same mix.
/// </summary>
internal sealed class RuleMix
{
    private const int Seed = 20240102;

    // One slot per 20 rules; the kinds cycle so small rule sets get the same mix as large ones.
    private static readonly string[] Slots =
    [
        "word", "phrase", "prefix", "word", "near", "and-not", "field-agency", "or-and", "phrase", "word",
        "prefix", "field-title", "type-final", "near-phrase", "word", "or", "cfr", "docket", "regex", "phrase-prefix",
    ];

    // Spelt onto every keyword of an absent mix, so that no item holds it.
    private const string AbsentSuffix = "zq";

    private readonly Random _random = new(Seed);
    private readonly bool _absent;
    private readonly string[] _rare;
    private readonly string[] _common;
    private readonly string[] _bigrams;
    private readonly string[] _agencyWords;
    private readonly string[] _cfr;

    /// <param name="items">The documents (agency words and CFR parts for field rules).</param>
    /// <param name="keywordTexts">The text analysts' keywords are drawn from.</param>
    /// <param name="absent">
    /// The same rules, each keyword spelt so that no item holds it: the cost of rules that all miss
    /// (the few that match without a term, such as pure negations, still match).
    /// </param>
    public RuleMix(IReadOnlyList<FeedItem> items, IEnumerable<string> keywordTexts, bool absent = false)
    {
        _absent = absent;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var bigrams = new HashSet<string>(StringComparer.Ordinal);
        var agencyWords = new HashSet<string>(StringComparer.Ordinal);
        var cfr = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in keywordTexts)
        {
            var tokens = TextTokenizer.Tokenize(text);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (IsKeyword(tokens[i]))
                {
                    counts[tokens[i]] = counts.GetValueOrDefault(tokens[i]) + 1;
                    if (i + 1 < tokens.Count && IsKeyword(tokens[i + 1]))
                    {
                        bigrams.Add(tokens[i] + " " + tokens[i + 1]);
                    }
                }
            }
        }

        foreach (var item in items)
        {

            foreach (var agency in item.Agencies)
            {
                foreach (var token in TextTokenizer.Tokenize(agency))
                {
                    if (token.Length >= 5)
                    {
                        agencyWords.Add(token);
                    }
                }
            }

            foreach (var reference in item.CfrReferences)
            {
                cfr.Add(reference);
            }
        }

        var byFrequency = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToArray();

        // Analysts' keywords are specific: most come from the long tail, some are everyday policy words.
        var head = Math.Min(200, byFrequency.Length / 20);
        var common = Math.Min(2000, byFrequency.Length / 3);
        _common = byFrequency.Skip(head).Take(common).ToArray();
        _rare = byFrequency.Skip(head + common).ToArray();
        _bigrams = bigrams.Order(StringComparer.Ordinal).ToArray();
        _agencyWords = agencyWords.Order(StringComparer.Ordinal).ToArray();
        _cfr = cfr.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Words of four or more letters; "near" is an operator and would need quotes.</summary>
    private static bool IsKeyword(string token) => token.Length >= 4 && !char.IsAsciiDigit(token[0]) && token != "near";

    public List<RuleDefinition> Generate(int count)
    {
        var rules = new List<RuleDefinition>(count);
        for (var i = 0; i < count; i++)
        {
            // Regexes are few: one rule in a hundred.
            var slot = Slots[i % Slots.Length] == "regex" && i % 100 != 18 ? "word" : Slots[i % Slots.Length];
            rules.Add(new RuleDefinition($"{slot}-{i}", Expression(slot)));
        }

        // A channel or two with a "everything but" rule: pure negations are evaluated for every item.
        rules[Math.Min(5, count - 1)] = new RuleDefinition("all-but-corrections", "-correction -withdrawal");
        return rules;
    }

    private string Expression(string slot) => slot switch
    {
        "word" => Word(),
        "phrase" => $"\"{Bigram()}\"",
        "prefix" => Prefix(),
        "near" => $"{Prefix()} NEAR/{_random.Next(2, 11)} ({Word()} OR {Word()} OR {Prefix()})",
        "and-not" => $"{Word()} -{Word()}",
        "field-agency" => $"agency:{Spell(Pick(_agencyWords))} AND ({Word()} OR \"{Bigram()}\")",
        "or-and" => $"({Word()} OR {Word()}) AND {Word()}",
        "field-title" => $"title:{Word()} OR title:\"{Bigram()}\"",
        "type-final" => $"{Word()} type:rule -type:proposed",
        "near-phrase" => $"\"{Bigram()}\" NEAR/{_random.Next(3, 20)} {Word()}",
        "or" => $"{Word()} OR {Word()} OR {Word()} OR {Prefix()}",
        "cfr" => $"cfr:\"{Spell(Pick(_cfr))}\" OR cfr:\"{Spell(Pick(_cfr))}\"",
        "docket" => $"docket:{Spell(Pick(_rare))} OR {Word()}",
        "regex" => $"{Word()} /{Spell(Pick(_rare))}\\w* (of|for|and) \\w+/",
        "phrase-prefix" => $"\"{Bigram()}\" {Prefix()}",
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "Unknown rule slot."),
    };

    private string Word() => Spell(UnspeltWord());

    private string UnspeltWord() => _random.Next(20) == 0 ? Pick(_common) : Pick(_rare);

    private string Prefix()
    {
        var word = UnspeltWord();
        return Spell(word[..Math.Max(4, word.Length - 3)]) + "*";
    }

    private string Bigram() => string.Join(' ', Pick(_bigrams).Split(' ').Select(Spell));

    private string Spell(string keyword) => _absent ? keyword + AbsentSuffix : keyword;

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
