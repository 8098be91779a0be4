using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// <c>poll --once</c> end to end (host start, fetch over loopback, parse, load, plan, write, drain, stop)
/// of one feed of the 1,000 real Federal Register documents, all new, into a fresh store whose channels
/// are subscribed to every feed with 10 rules each that all miss (the absent mix without its rules that
/// need no term): 1 channel against 1,000 channels. Goal: 1,000 channels take at most 2 × one channel.
/// </summary>
internal static class PollOnceBenchmark
{
    private const int RulesPerChannel = 10;
    private const int Rounds = 3;
    private const double Goal = 2;
    private static readonly int[] ChannelCounts = [1, 1_000];

    public static async Task<int> RunAsync(string fixturePath, string agenciesPath, TextWriter output)
    {
        var documents = FederalRegisterDocuments.Load(fixturePath);
        var rules = new RuleMix(documents, AgencyDescriptions.Load(agenciesPath), absent: true)
            .Generate(ChannelCounts[^1] * RulesPerChannel + 1)
            .Where(r => r.Name != "all-but-corrections")
            .ToList();
        var body = File.ReadAllBytes(fixturePath);
        var work = Path.Combine(Path.GetTempPath(), "policywatch-poll-once-benchmark-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        await using var server = await LoopbackFeedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        });
        try
        {
            var feeds = Path.Combine(work, "feeds");
            Directory.CreateDirectory(feeds);
            File.WriteAllText(Path.Combine(feeds, "bench.json"), $$"""
                { "id": "bench", "title": "Federal Register documents", "kind": "federal-register",
                  "url": "{{server.Url}}documents.json", "schedule": { "interval": "1h" }, "jurisdiction": "us" }
                """);
            var templates = new List<string>();
            foreach (var count in ChannelCounts)
            {
                templates.Add(await CreateStoreAsync(Path.Combine(work, $"template-{count}.db"), count, rules));
            }

            var best = new double[ChannelCounts.Length];
            Array.Fill(best, double.MaxValue);
            var summaries = new string[ChannelCounts.Length];

            // A first round warms the process up (JIT, HTTP, SQLite) and is not counted.
            for (var round = 0; round <= Rounds; round++)
            {
                for (var i = 0; i < ChannelCounts.Length; i++)
                {
                    var store = Path.Combine(work, $"round-{round}-{ChannelCounts[i]}.db");
                    File.Copy(templates[i], store);
                    var (seconds, exit, summary) = await PollOnceAsync(store, feeds);
                    if (exit != PolicyWatchBot.Cli.CommandLine.Ok)
                    {
                        output.WriteLine($"poll-once: poll --once exited {exit} for {ChannelCounts[i]} channels: {summary}");
                        return 1;
                    }

                    summaries[i] = summary;
                    if (round > 0)
                    {
                        best[i] = Math.Min(best[i], seconds);
                    }
                }
            }

            for (var i = 0; i < ChannelCounts.Length; i++)
            {
                output.WriteLine($"poll-once: {ChannelCounts[i],5:N0} channels: best {best[i] * 1000:F0} ms of {Rounds}; {summaries[i]}");
            }

            var ratio = best[^1] / best[0];
            output.WriteLine($"poll-once: 1,000 channels / 1 channel = {ratio:F2} (goal <= {Goal})");
            return ratio <= Goal ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(double Seconds, int Exit, string Summary)> PollOnceAsync(string store, string feeds)
    {
        using var alerts = new StringWriter();
        using var report = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exit = await PollVerb.RunAsync(
            [
                "--once",
                $"--PolicyWatch:Storage:ConnectionString=Data Source={store}",
                $"--PolicyWatch:Feeds:Directory={feeds}",
                "--PolicyWatch:Console:Feeds=none",
                "--PolicyWatch:Feeds:BackfillDays=0",
                // The saved documents are of 2017 to 2025: the window is opened so every one is matched.
                "--PolicyWatch:Feeds:AlertWindow=3650.00:00:00",
                "--Logging:LogLevel:Default=Warning",
            ],
            alerts,
            report,
            AppContext.BaseDirectory);
        var seconds = watch.Elapsed.TotalSeconds;
        SqliteConnection.ClearAllPools();
        var summary = report.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("bench:", StringComparison.Ordinal))?.Trim() ?? report.ToString().Trim();
        return (seconds, exit, summary);
    }

    /// <summary>A migrated store with the channels, each subscribed to every feed with its 10 rules.</summary>
    private static async Task<string> CreateStoreAsync(string path, int channels, List<RuleDefinition> rules)
    {
        var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={path}", Environment.CurrentDirectory), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var actor = new Actor("benchmark", "benchmark");
        for (var c = 0; c < channels; c++)
        {
            var id = await store.EnsureChannelAsync(ChannelKey.Console($"desk-{c:0000}"), $"desk-{c:0000}", CancellationToken.None);
            await store.AddSubscriptionAsync(id, "all", actor, CancellationToken.None);
            foreach (var rule in rules.Skip(c * RulesPerChannel).Take(RulesPerChannel))
            {
                await store.AddRuleAsync(id, rule, actor, CancellationToken.None);
            }
        }

        SqliteConnection.ClearAllPools();
        return path;
    }
}
