using System.Diagnostics;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// One poll's planning of the real Federal Register documents (all new) for 1 to 10,000 subscribed
/// channels of 10 rules each, the rules drawn from the policy mix (channel c holds rules 10c to 10c + 9),
/// so almost every rule misses almost every item. Planning includes tokenizing, matching every channel's
/// rules and composing the alerts of the rules that hit; "matching" is the same without composing.
/// Goal: planning for 10,000 channels costs at most 1.5 × planning for one channel, the alerts of the
/// rules that hit excepted (the matching ratio; the alert count is printed beside it).
/// </summary>
internal static class FanoutBenchmark
{
    private const int RulesPerChannel = 10;
    private static readonly int[] ChannelCounts = [1, 10, 100, 1_000, 10_000];

    public static int Run(string fixturePath, string agenciesPath, TextWriter output)
    {
        var documents = FederalRegisterDocuments.Load(fixturePath);
        var feed = FederalRegisterDocuments.Feed;
        var mix = new RuleMix(documents, AgencyDescriptions.Load(agenciesPath)).Generate(ChannelCounts[^1] * RulesPerChannel);
        var tokenize = Benchmark.Best(() => documents.Sum(d => (long)ItemTokenizer.Tokenize(d).Values.Count));
        output.WriteLine($"fanout: {documents.Count} documents from {fixturePath}; tokenizing only {tokenize * 1000:F1} ms; best of {Benchmark.Rounds} rounds");
        var diff = PollPlanner.Diff(feed, documents, new Dictionary<ItemKey, StoredItem>());
        double? planOne = null, matchOne = null;
        double planLast = 0, matchLast = 0;
        foreach (var count in ChannelCounts)
        {
            var channels = Enumerable.Range(0, count)
                .Select(c => new ChannelSetup(c + 1, ChannelKey.Console($"c{c}"), ["all"], [.. mix.Skip(c * RulesPerChannel).Take(RulesPerChannel)]))
                .ToList();
            var compile = Stopwatch.StartNew();
            var subscribers = ChannelDirectory.Compile(channels, version: 1).SubscribersOf(feed);
            var compileMs = compile.Elapsed.TotalMilliseconds;
            PollPlan plan = null!;
            var planSeconds = Benchmark.Best(() => (plan = PollPlanner.Plan(diff, subscribers, new PollState(), AlertHistory.Empty)).Alerts.Count);
            var matchSeconds = Benchmark.Best(() => Match(documents, subscribers));
            planOne ??= planSeconds;
            matchOne ??= matchSeconds;
            (planLast, matchLast) = (planSeconds, matchSeconds);
            output.WriteLine(
                $"C={count,6:N0}: plan {documents.Count / planSeconds,9:N0} items/s {planSeconds * 1000,8:F1} ms  time(C)/time(1) {planSeconds / planOne.Value,6:F2}  /tokenizing {planSeconds / tokenize,6:F2}" +
                $" | match {matchSeconds * 1000,7:F1} ms  time(C)/time(1) {matchSeconds / matchOne.Value,5:F2}  /tokenizing {matchSeconds / tokenize,5:F2}" +
                $" | {plan.Alerts.Count:N0} alerts, {plan.Statistics.ItemsTokenized:N0} tokenized, {plan.Statistics.RuleEvaluations:N0} rule evaluations;" +
                $" {subscribers.Directory.Matcher.ExpressionCount:N0} expressions compiled in {compileMs:F0} ms");
        }

        var scale = matchLast / matchOne!.Value;
        output.WriteLine($"fanout: matching for 10,000 channels / for 1 channel = {scale:F2} (goal <= 1.5); planning with the alerts = {planLast / planOne!.Value:F2}");
        return scale <= 1.5 ? 0 : 1;
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
