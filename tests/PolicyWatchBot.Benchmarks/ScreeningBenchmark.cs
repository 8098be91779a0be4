using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Screening.Matching;
using PolicyWatchBot.Feeds.Lists;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// Screening over the real OFAC SDN CSV (8,976 records, aliases from its remarks) and a watchlist of
/// 10,000 names: 200 real company names on no list, 200 true aliases of the list written as a customer
/// file would hold them (title case, punctuation dropped, a legal form added, one letter wrong in a
/// quarter of them), and 9,600 generated names. Times: diffing two versions of the list (the second
/// with 1% removed, 1% added, 1% given an alias), matching every changed entity against the watchlist,
/// and screening the whole list against it (goal: under 1 s each); then precision and recall at the
/// default threshold.
/// </summary>
internal static partial class ScreeningBenchmark
{
    private const int WatchlistSize = 10_000;

    public static int Run(string sdnCsvPath, string nonMatchesPath, TextWriter output)
    {
        var current = ReadSdn(sdnCsvPath);
        var random = new Random(15);
        var previous = PreviousVersion(current, random);
        var nonMatches = File.ReadAllLines(nonMatchesPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var aliases = TrueAliases(current, random);
        var entries = nonMatches.Select(n => new WatchedName(n))
            .Concat(aliases.Select(a => new WatchedName(a.Written)))
            .Concat(Generated(WatchlistSize - nonMatches.Count - aliases.Count, random).Select(n => new WatchedName(n)))
            .ToList();
        var parties = current.Select(Party).ToList();
        var build = Stopwatch.StartNew();
        var watchlist = new Watchlist(entries);
        output.WriteLine($"{current.Count:N0} SDN records ({parties.Sum(p => p.Aliases.Count):N0} aliases) from {sdnCsvPath}; watchlist of {entries.Count:N0} names indexed in {build.Elapsed.TotalMilliseconds:F0} ms; best of 3 rounds");

        IReadOnlyList<EntityChange> changes = [];
        var diffSeconds = Benchmark.Best(() => (changes = EntityDiffer.Diff(previous, current)).Count, 3);
        long changedHits = 0;
        var changedSeconds = Benchmark.Best(() => changedHits = changes.Sum(c => (long)watchlist.Screen(Party(c.Entity)).Count), 3);
        long listHits = 0;
        var listSeconds = Benchmark.Best(() => listHits = parties.Sum(p => (long)watchlist.Screen(p).Count), 3);
        output.WriteLine($"diff two versions          {diffSeconds:F3} s  ({changes.Count} changes)  (goal < 1 s)");
        output.WriteLine($"match the changed entities {changedSeconds:F3} s  ({changedHits} hits)  (goal < 1 s)");
        output.WriteLine($"screen the whole list      {listSeconds:F3} s  ({listHits} hits)  (goal < 1 s)");

        var hitsByEntry = new Dictionary<string, List<ScreeningHit>>(StringComparer.Ordinal);
        foreach (var party in parties)
        {
            foreach (var hit in watchlist.Screen(party))
            {
                hitsByEntry.TryAdd(hit.Entry.Name, []);
                hitsByEntry[hit.Entry.Name].Add(hit);
            }
        }

        var falsePositives = nonMatches.Count(n => hitsByEntry.ContainsKey(n));
        var found = aliases.Count(a => hitsByEntry.TryGetValue(a.Written, out var hits) && hits.Any(h => h.Party.Key == a.Key));
        var wrongParty = aliases.Sum(a => hitsByEntry.TryGetValue(a.Written, out var hits) ? hits.Count(h => h.Party.Key != a.Key) : 0);
        var precision = (double)found / (found + falsePositives + wrongParty);
        output.WriteLine($"threshold {NameSimilarity.DefaultThreshold}: {falsePositives} of {nonMatches.Count} non-matches hit (false positives); {found} of {aliases.Count} true aliases found ({aliases.Count - found} missed); {wrongParty} hits of an alias on another record");
        output.WriteLine($"precision {precision:F3}  recall {(double)found / aliases.Count:F3}");
        foreach (var name in nonMatches.Where(hitsByEntry.ContainsKey).Take(5))
        {
            output.WriteLine($"  false positive: {hitsByEntry[name][0].Explain()}");
        }

        foreach (var alias in aliases.Where(a => !(hitsByEntry.TryGetValue(a.Written, out var hits) && hits.Any(h => h.Party.Key == a.Key))).Take(5))
        {
            output.WriteLine($"  missed: \"{alias.Written}\" for {alias.Key}");
        }

        return Math.Max(diffSeconds, Math.Max(changedSeconds, listSeconds)) < 1 ? 0 : 1;
    }

    private static ScreenedParty Party(ListedEntity entity) => new($"list:{entity.List}:{entity.Id}", entity.Name, entity.Aliases, entity.Countries);

    /// <summary>The list a version earlier: 1% of today's records not yet listed, 1% since removed, 1% without an alias added since.</summary>
    private static List<ListedEntity> PreviousVersion(List<ListedEntity> current, Random random)
    {
        var previous = new List<ListedEntity>();
        foreach (var entity in current)
        {
            var roll = random.Next(100);
            if (roll == 0)
            {
                continue;
            }

            previous.Add(roll == 1 && entity.Aliases.Count > 0 ? entity with { Aliases = entity.Aliases.Skip(1).ToList() } : entity);
            if (roll == 2)
            {
                previous.Add(entity with { Id = $"9{entity.Id}", Name = $"{entity.Name} HOLDING" });
            }
        }

        return previous;
    }

    private static List<(string Key, string Written)> TrueAliases(List<ListedEntity> entities, Random random)
    {
        var candidates = entities.Where(e => e.Aliases.Count > 0).ToList();
        var chosen = new List<(string, string)>();
        var suffixes = new[] { " Ltd", " Company", " LLC", " S.A.", " Co., Ltd." };
        for (var i = 0; chosen.Count < 200 && i < candidates.Count; i++)
        {
            var entity = candidates[random.Next(candidates.Count)];
            var alias = entity.Aliases[random.Next(entity.Aliases.Count)];
            if (alias.Length < 6 || chosen.Any(c => c.Item2.Equals(alias, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var written = (chosen.Count % 4) switch
            {
                0 => TitleCase(alias),
                1 => PunctuationRe().Replace(alias, " "),
                2 => TitleCase(alias) + (entity.Type == EntityType.Person ? "" : suffixes[random.Next(suffixes.Length)]),
                _ => Misspelt(alias, random),
            };
            chosen.Add(($"list:{entity.List}:{entity.Id}", written));
        }

        return chosen;
    }

    private static string TitleCase(string name) =>
        string.Join(' ', name.Split(' ').Select(w => w.Length <= 1 ? w : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));

    // One letter changed in the longest word, away from its first and last letters.
    private static string Misspelt(string name, Random random)
    {
        var words = name.Split(' ');
        var longest = Array.IndexOf(words, words.MaxBy(w => w.Length));
        var word = words[longest].ToCharArray();
        if (word.Length >= 6)
        {
            word[2 + random.Next(word.Length - 4)] = (char)('a' + random.Next(26));
        }

        words[longest] = new string(word);
        return string.Join(' ', words);
    }

    private static IEnumerable<string> Generated(int count, Random random)
    {
        string[] syllables = ["ka", "lo", "ven", "mar", "tri", "sol", "den", "ra", "bel", "cor", "ni", "ta", "vis", "mon", "gal", "ter", "ox", "lum", "pra", "sen", "dor", "qui", "zan", "fel"];
        string[] trades = ["Trading", "Industries", "Technologies", "Logistics", "Electronics", "Holdings", "Components", "Systems", "Engineering", "Shipping", "Instruments", "Materials", "Group", "Partners", "Solutions"];
        string[] forms = ["Ltd", "LLC", "GmbH", "Co., Ltd.", "S.A.", "Inc.", "Corp.", "JSC", ""];
        for (var i = 0; i < count; i++)
        {
            var word = new StringBuilder();
            for (var s = 0; s < 2 + random.Next(2); s++)
            {
                word.Append(syllables[random.Next(syllables.Length)]);
            }

            word[0] = char.ToUpperInvariant(word[0]);
            yield return $"{word} {trades[random.Next(trades.Length)]} {forms[random.Next(forms.Length)]}".Trim();
        }
    }

    /// <summary>The records of the SDN CSV, read by the list's own parser as a poll reads them.</summary>
    private static List<ListedEntity> ReadSdn(string path) =>
        SdnCsvParser.Parse(new FeedId("benchmark-sdn"), "sdn", new FeedBody(File.ReadAllBytes(path), null, new Uri(path))).ToList();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex PunctuationRe();
}
