using System.Diagnostics;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// <c>rule test</c> over 1,000,000 stored revisions (<see cref="SeededHistory"/>): the command's own code
/// (count, stream, tokenize and match each item, keep the ten newest) run in a fresh process of its own,
/// so its peak working set is the backtest's. Goals: under 5 s and under 300 MB.
/// </summary>
internal static class BacktestBenchmark
{
    public const string ChildMode = "backtest-measure";
    private const string Expression = "semiconduct* OR \"entity list\"";
    private const double GoalSeconds = 5;
    private const long GoalMegabytes = 300;

    public static async Task<int> RunAsync(string fixturePath, string storePath, TextWriter output)
    {
        await SeededHistory.EnsureAsync(storePath, FederalRegisterDocuments.Load(fixturePath), output);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BacktestBenchmark).Assembly.Location);
        }

        foreach (var argument in new[] { ChildMode, storePath, Expression })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var report = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        output.Write(report);
        await MeasureIndexWritesAsync(FederalRegisterDocuments.Load(fixturePath), output);
        return child.ExitCode;
    }

    /// <summary>
    /// What the term index adds to a poll's write: the real documents written as new revisions in one
    /// poll session (the whole write, index included), then the index rows of the same documents
    /// written again in one transaction (the index's part alone). Medians of five rounds.
    /// </summary>
    private static async Task MeasureIndexWritesAsync(List<Core.Items.FeedItem> documents, TextWriter output)
    {
        var (writes, indexes) = (new List<double>(), new List<double>());
        for (var round = 0; round < 5; round++)
        {
            var path = Path.Combine(Path.GetTempPath(), $"policywatch-benchmark-index-write-{Environment.ProcessId}.db");
            try
            {
                var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={path}", Environment.CurrentDirectory), TimeProvider.System);
                await store.MigrateAsync(CancellationToken.None);
                var feed = FederalRegisterDocuments.Feed.Id;
                var watch = Stopwatch.StartNew();
                await using (var session = await store.BeginPollAsync(CancellationToken.None))
                {
                    await session.WriteAsync(new Core.Alerting.PollPlan
                    {
                        Feed = feed,
                        Revisions = [.. documents.Select(d => new Core.Storage.NewRevision(d, 1, Core.Items.RevisionKind.New, []))],
                        NewlyCarried = [.. documents.Select(d => d.Key)],
                    }, CancellationToken.None);
                }

                writes.Add(watch.Elapsed.TotalMilliseconds);
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
                await connection.OpenAsync();
                watch.Restart();
                await using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    foreach (var document in documents)
                    {
                        await ItemSearchRows.IndexAsync(transaction, document, CancellationToken.None);
                    }

                    await transaction.CommitAsync();
                }

                indexes.Add(watch.Elapsed.TotalMilliseconds);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }

        var (write, index) = (Median(writes), Median(indexes));
        output.WriteLine($"index writes: a poll writing {documents.Count:N0} new documents {write:F0} ms ({write * 1000 / documents.Count:F0} us each, index included); "
            + $"the term index's rows alone {index:F0} ms ({index * 1000 / documents.Count:F0} us each); medians of {writes.Count} rounds");
    }

    /// <summary>The child: one backtest as a channel subscribed to every seeded feed runs it.</summary>
    public static async Task<int> MeasureAsync(string storePath, string expression, TextWriter output)
    {
        var time = TimeProvider.System;
        var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={storePath}", Environment.CurrentDirectory), time);
        await store.MigrateAsync(CancellationToken.None);
        var feeds = Enumerable.Range(0, SeededHistory.Feeds).Select(i => Feed(SeededHistory.FeedId(i))).ToList();
        var channel = ChannelKey.Console("backtest-benchmark");
        var channelId = await store.EnsureChannelAsync(channel, "backtest-benchmark", CancellationToken.None);
        await store.AddSubscriptionAsync(channelId, "all", new Actor("benchmark", "benchmark"), CancellationToken.None);
        var backtest = new RuleBacktest(store, new FeedCommands(store, new FeedCatalog(feeds, []), new FeedSecrets(Options.Create(new FeedOptions()))), new BacktestRuns(), time);
        var progress = new CountingProgress();
        var request = new ChatRequest(channel, "backtest-benchmark", new Caller(new Actor("benchmark", "benchmark")), new ChatCommand.RuleTest(SeededHistory.Days, expression))
        {
            Progress = progress,
        };

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var reply = await backtest.RunAsync(new CommandContext(request, channelId), (ChatCommand.RuleTest)request.Command, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var peak = process.PeakWorkingSet64 / (1 << 20);
        output.WriteLine(reply.Lines[0].ToString());
        output.WriteLine($"backtest: {seconds:F1} s ({cpu:F1} s CPU), peak working set {peak:N0} MB; {progress.Reports} progress reports, last \"{progress.Last}\"");
        output.WriteLine($"backtest: goals {(seconds < GoalSeconds ? "met" : "MISSED")} for time (< {GoalSeconds} s), {(peak < GoalMegabytes ? "met" : "MISSED")} for memory (< {GoalMegabytes} MB)");
        return seconds < GoalSeconds && peak < GoalMegabytes ? 0 : 1;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static FeedDefinition Feed(string id) => FederalRegisterDocuments.Feed with { Id = new FeedId(id), Title = id };

    private sealed class CountingProgress : IProgress<ChatReply>
    {
        public int Reports { get; private set; }

        public string? Last { get; private set; }

        public void Report(ChatReply value)
        {
            Reports++;
            Last = value.ToString();
        }
    }
}
