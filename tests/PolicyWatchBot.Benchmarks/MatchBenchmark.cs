using System.Diagnostics;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// Matching throughput over ~100,000 real Federal Register items for 10, 1,000 and 10,000 rules, against
/// tokenization alone. Goals: time(10,000 rules) / time(10 rules) and time(match, 10,000 rules) /
/// time(tokenize) both at most 1.5.
/// Two rule mixes of the same shape. "policy": keywords drawn from the real agency descriptions of
/// the Federal Register (government text, but not these documents), so a rule hits a document about as
/// often as an analyst's keyword does; this is the mix the goals are measured on. "corpus": keywords
/// drawn from the documents themselves, so every rule hits some of them and the matches per item grow
/// with the rule count (27 per item at 10,000 rules): a stress test of the cost of rules that hit.
/// </summary>
internal static class MatchBenchmark
{
    private const int TargetItems = 100_000;
    private const int Rounds = Benchmark.Rounds;
    private static readonly int[] RuleCounts = [10, 1_000, 10_000];

    public static int Run(string fixturePath, string agenciesPath, TextWriter output)
    {
        var documents = FederalRegisterDocuments.Load(fixturePath);
        var items = new FeedItem[TargetItems];
        for (var i = 0; i < items.Length; i++)
        {
            var document = documents[i % documents.Count];
            items[i] = document with { Key = new ItemKey($"{document.Key.Value}#{i / documents.Count}") };
        }

        output.WriteLine($"{documents.Count} documents from {fixturePath}, repeated to {items.Length:N0} items; best of {Rounds} rounds");

        var tokenizeSeconds = Benchmark.Best(() => Tokenize(items));
        output.WriteLine($"tokenize only          {items.Length / tokenizeSeconds,12:N0} items/s  ({tokenizeSeconds:F2} s)");

        var policy = new RuleMix(documents, AgencyDescriptions.Load(agenciesPath)).Generate(RuleCounts[^1]);
        var corpus = new RuleMix(documents, documents.SelectMany(d => new[] { d.Title, d.Summary ?? "" })).Generate(RuleCounts[^1]);
        var passed = Measure("policy", policy, documents, items, tokenizeSeconds, output);
        Measure("corpus", corpus, documents, items, tokenizeSeconds, output);
        return passed ? 0 : 1;
    }

    /// <summary>Runs one mix at every size and prints its ratios; true when both goals are met.</summary>
    private static bool Measure(string name, List<RuleDefinition> allRules, List<FeedItem> documents, FeedItem[] items, double tokenizeSeconds, TextWriter output)
    {
        output.WriteLine($"-- {name} mix");

        var seconds = new Dictionary<int, double>();
        var preTokenizedSeconds = new Dictionary<int, double>();
        var preTokenized = documents.Select(ItemTokenizer.Tokenize).ToArray();
        foreach (var count in RuleCounts)
        {
            var compileWatch = Stopwatch.StartNew();
            var rules = RuleSet.Compile(allRules.Take(count));
            var compileSeconds = compileWatch.Elapsed.TotalSeconds;
            long matches = 0;
            seconds[count] = Benchmark.Best(() => matches = Match(rules, items));
            preTokenizedSeconds[count] = Benchmark.Best(() => MatchPreTokenized(rules, preTokenized, items.Length));
            output.WriteLine(
                $"match {count,6:N0} rules     {items.Length / seconds[count],12:N0} items/s  ({seconds[count]:F2} s; pre-tokenized items {preTokenizedSeconds[count]:F2} s; " +
                $"{(double)matches / items.Length:F2} matches/item; compiled in {compileSeconds * 1000:F0} ms; {rules.AlwaysEvaluatedCount} always evaluated)");
        }

        var scale = seconds[RuleCounts[^1]] / seconds[RuleCounts[0]];
        var overTokenize = seconds[RuleCounts[^1]] / tokenizeSeconds;
        output.WriteLine($"{name}: time(10,000 rules) / time(10 rules)       = {scale:F2}  (goal <= 1.5)");
        output.WriteLine($"{name}: time(match 10,000 rules) / time(tokenize) = {overTokenize:F2}  (goal <= 1.5; matching includes tokenizing)");
        output.WriteLine($"{name}: time(match pre-tokenized items, 10,000 rules) / time(tokenize) = {preTokenizedSeconds[RuleCounts[^1]] / tokenizeSeconds:F2}");
        return scale <= 1.5 && overTokenize <= 1.5;
    }

    private static long Tokenize(FeedItem[] items)
    {
        long tokens = 0;
        foreach (var item in items)
        {
            tokens += ItemTokenizer.Tokenize(item).Values.Count;
        }

        return tokens;
    }

    /// <summary>Matching alone: the distinct documents tokenized once, matched over and over to <paramref name="total"/> items.</summary>
    private static long MatchPreTokenized(RuleSet rules, TokenizedItem[] items, int total)
    {
        long matches = 0;
        for (var i = 0; i < total; i++)
        {
            matches += rules.Match(items[i % items.Length]).Count;
        }

        return matches;
    }

    private static long Match(RuleSet rules, FeedItem[] items)
    {
        long matches = 0;
        foreach (var item in items)
        {
            matches += rules.Match(item).Count;
        }

        return matches;
    }
}
