using System.Diagnostics;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// One poll's planning of the real Federal Register documents (all new) for 1 to 10,000 subscribed
/// channels of 10 rules each, the rules drawn from the policy mix (channel c holds rules 10c to 10c + 9).
/// Planning includes tokenizing, matching every channel's rules and composing the alerts of the rules
/// that hit; "matching" is the same without composing. Two mixes: "policy" (real keywords: most rules
/// miss most items, but 100,000 rules hit each item a few hundred times) and "absent" (the same rules
/// with every keyword spelt so that no item holds it: only the cost of rules that miss).
/// Goal: planning for 10,000 channels costs at most 1.5 × planning for one channel, the alerts of the
/// rules that hit excepted: the absent mix's ratio (the policy mix's alerts and hits are printed beside).
/// </summary>
internal static class FanoutBenchmark
{
    private const int RulesPerChannel = 10;
    private const double Goal = 1.5;
    private static readonly int[] ChannelCounts = [1, 10, 100, 1_000, 10_000];

    public static int Run(string fixturePath, string agenciesPath, TextWriter output)
    {
        var documents = FederalRegisterDocuments.Load(fixturePath);
        var agencies = AgencyDescriptions.Load(agenciesPath).ToList();
        output.WriteLine($"fanout: {documents.Count} documents from {fixturePath}; best of {Benchmark.Rounds} rounds, every channel count and tokenizing alone taking turns in each round");
        var policy = Measure("policy", new RuleMix(documents, agencies), documents, output);
        var absent = Measure("absent", new RuleMix(documents, agencies, absent: true), documents, output);
        output.WriteLine($"fanout: policy mix: matching for 10,000 channels / for 1 channel = {policy.Match:F2}; planning with every alert = {policy.Plan:F2}");
        output.WriteLine($"fanout: absent mix (the rules that hit excepted): planning for 10,000 channels / for 1 channel = {absent.Plan:F2} (goal <= {Goal}); matching = {absent.Match:F2}");
        return absent.Plan <= Goal ? 0 : 1;
    }

    /// <summary>One mix at every channel count; the ratios time(10,000 channels) / time(1 channel) of planning and of matching.</summary>
    private static (double Plan, double Match) Measure(string name, RuleMix mix, List<FeedItem> documents, TextWriter output)
    {
        output.WriteLine($"-- {name} mix");
        var feed = FederalRegisterDocuments.Feed;
        var rules = mix.Generate(ChannelCounts[^1] * RulesPerChannel);
        var diff = PollPlanner.Diff(feed, documents, new Dictionary<ItemKey, StoredItem>());
        var subscribers = new List<ChannelSubscribers>();
        var compileMs = new List<double>();
        foreach (var count in ChannelCounts)
        {
            var channels = Enumerable.Range(0, count)
                .Select(c => new ChannelSetup(c + 1, ChannelKey.Console($"c{c}"), ["all"], [.. rules.Skip(c * RulesPerChannel).Take(RulesPerChannel)]))
                .ToList();
            var compile = Stopwatch.StartNew();
            subscribers.Add(ChannelDirectory.Compile(channels, version: 1).SubscribersOf(feed));
            compileMs.Add(compile.Elapsed.TotalMilliseconds);
        }

        var plans = new PollPlan[ChannelCounts.Length];
        var plan = Benchmark.BestOfEach([.. subscribers.Select((s, i) => (Func<long>)(() => (plans[i] = PollPlanner.Plan(diff, s, new PollState(), AlertHistory.Empty)).Alerts.Count))]);
        var timed = Benchmark.BestOfEach([() => documents.Sum(d => (long)ItemTokenizer.Tokenize(d).Values.Count), .. subscribers.Select(s => (Func<long>)(() => Match(documents, s)))]);
        var tokenize = timed[0];
        var match = timed[1..];
        output.WriteLine($"tokenizing only {tokenize * 1000:F1} ms");
        for (var i = 0; i < ChannelCounts.Length; i++)
        {
            output.WriteLine(
                $"C={ChannelCounts[i],6:N0}: plan {documents.Count / plan[i],9:N0} items/s {plan[i] * 1000,8:F1} ms  time(C)/time(1) {plan[i] / plan[0],6:F2}  /tokenizing {plan[i] / tokenize,6:F2}" +
                $" | match {match[i] * 1000,7:F1} ms  time(C)/time(1) {match[i] / match[0],5:F2}  /tokenizing {match[i] / tokenize,5:F2}" +
                $" | {plans[i].Alerts.Count:N0} alerts, {plans[i].Statistics.ItemsTokenized:N0} tokenized, {plans[i].Statistics.RuleEvaluations:N0} rule evaluations;" +
                $" {subscribers[i].Directory.Matcher.ExpressionCount:N0} expressions compiled in {compileMs[i]:F0} ms");
        }

        return (plan[^1] / plan[0], match[^1] / match[0]);
    }

    /// <summary>Tokenizing and matching alone: what planning costs before any alert is composed.</summary>
    private static long Match(List<FeedItem> documents, ChannelSubscribers subscribers)
    {
        var matches = new List<ChannelMatch>();
        long count = 0;
        foreach (var document in documents)
        {
            matches.Clear();
            subscribers.Directory.Matcher.Match(ItemTokenizer.Tokenize(document), subscribers, matches);
            count += matches.Count;
        }

        return count;
    }
}
