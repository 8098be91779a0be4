using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// The worker itself (<c>policywatch run</c>, its own process with its own GC settings) over a copy of the
/// seeded 1,000,000-revision store, with 50 loopback feeds polled every 5 seconds and 100 console channels
/// holding 10,000 rules of the policy mix. Each feed's first answer is a page with no new document and an
/// ETag (so the worker compiles every channel's rules, as a poll with items does, without a burst of
/// alerts to deliver); every later poll gets 304 Not Modified. After the first polls have settled,
/// the worker's resident memory is sampled each second and its CPU time divided by the 304 polls served.
/// Goals: steady memory under 150 MB, a 304 poll under 1 ms of CPU (the worker's idle work included).
/// </summary>
internal static class RunBenchmark
{
    private const int FeedCount = SeededHistory.Feeds;
    private const int ChannelCount = 100;
    private const int RulesPerChannel = 100;
    private const string ETag = "\"page-1\"";
    private const long GoalMegabytes = 150;
    private const double GoalCpuMilliseconds = 1;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string fixturePath, string agenciesPath, string seededPath, TextWriter output)
    {
        var documents = FederalRegisterDocuments.Load(fixturePath);
        await SeededHistory.EnsureAsync(seededPath, documents, output);
        var work = Path.Combine(Path.GetTempPath(), "policywatch-run-benchmark-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var store = Path.Combine(work, "policywatch.db");
            File.Copy(seededPath, store);
            if (File.Exists(seededPath + "-wal"))
            {
                File.Copy(seededPath + "-wal", store + "-wal");
            }
            await AddChannelsAsync(store, new RuleMix(documents, AgencyDescriptions.Load(agenciesPath)));
            var served = new Served();
            await using var server = await StartFeedsAsync(served);
            var feeds = WriteFeeds(Path.Combine(work, "feeds"), server.Url);
            return await MeasureAsync(store, feeds, served, output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(string store, string feeds, Served served, TextWriter output)
    {
        using var worker = StartWorker(store, feeds);
        var lines = 0L;
        worker.OutputDataReceived += (_, _) => Interlocked.Increment(ref lines);
        worker.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) { Console.Error.WriteLine(line); } };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            var started = Stopwatch.StartNew();
            while (served.Pages < FeedCount || served.NotModified < FeedCount)
            {
                if (worker.HasExited || started.Elapsed > StartLimit)
                {
                    output.WriteLine($"run: the worker did not poll every feed and get {FeedCount} answers 304 within {StartLimit.TotalMinutes} minutes (exited: {worker.HasExited}; pages {served.Pages}, 304s {served.NotModified})");
                    return 1;
                }

                await Task.Delay(250);
            }

            output.WriteLine($"run: every feed polled in {started.Elapsed.TotalSeconds:F0} s; settling {Settle.TotalSeconds:F0} s, then sampling {Window.TotalSeconds:F0} s");
            await Task.Delay(Settle);
            worker.Refresh();
            var cpuBefore = worker.TotalProcessorTime;
            var notModifiedBefore = served.NotModified;
            long peak = 0, last = 0;
            for (var second = 0; second < Window.TotalSeconds; second++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                last = ResidentMegabytes(worker.Id);
                peak = Math.Max(peak, last);
            }

            worker.Refresh();
            var cpu = (worker.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var polls = served.NotModified - notModifiedBefore;
            var perPoll = cpu / Math.Max(1, polls);
            output.WriteLine($"run: resident memory over the window: peak {peak:N0} MB, last {last:N0} MB (goal < {GoalMegabytes} MB)");
            output.WriteLine($"run: {polls:N0} polls answered 304 in the window, {cpu:F0} ms of the worker's CPU: {perPoll:F2} ms per 304 poll, idle work included (goal < {GoalCpuMilliseconds} ms); {lines:N0} lines on standard output");
            return peak < GoalMegabytes && perPoll < GoalCpuMilliseconds ? 0 : 1;
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    /// <summary>100 console channels subscribed to every feed, each with 100 rules of the mix (10,000 in all).</summary>
    private static async Task AddChannelsAsync(string storePath, RuleMix mix)
    {
        var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={storePath}", Environment.CurrentDirectory), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var rules = mix.Generate(ChannelCount * RulesPerChannel);
        var actor = new Actor("benchmark", "benchmark");
        for (var c = 0; c < ChannelCount; c++)
        {
            var id = await store.EnsureChannelAsync(ChannelKey.Console($"desk-{c:00}"), $"desk-{c:00}", CancellationToken.None);
            await store.AddSubscriptionAsync(id, "all", actor, CancellationToken.None);
            foreach (var rule in rules.Skip(c * RulesPerChannel).Take(RulesPerChannel))
            {
                await store.AddRuleAsync(id, rule, actor, CancellationToken.None);
            }
        }

        SqliteConnection.ClearAllPools();
    }

    private static Task<LoopbackFeedServer> StartFeedsAsync(Served served) =>
        LoopbackFeedServer.StartAsync(async context =>
        {
            if (context.Request.Headers.IfNoneMatch == ETag)
            {
                served.CountNotModified();
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            served.CountPage();
            context.Response.Headers.ETag = ETag;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"count":0,"results":[]}""");
        });

    /// <summary>The 50 seeded feeds as feed files, each polled every 5 seconds (spread over the 5 seconds).</summary>
    private static string WriteFeeds(string folder, Uri server)
    {
        Directory.CreateDirectory(folder);
        for (var f = 0; f < FeedCount; f++)
        {
            var id = SeededHistory.FeedId(f);
            File.WriteAllText(Path.Combine(folder, id + ".json"), $$"""
                {
                  "id": "{{id}}",
                  "title": "Federal Register, seeded feed {{f}}",
                  "kind": "federal-register",
                  "url": "{{server}}feed-{{f}}",
                  "schedule": { "cron": "{{f % 5}}/5 * * * * ?", "timeZone": "UTC" },
                  "jurisdiction": "us"
                }
                """);
        }

        return folder;
    }

    private static Process StartWorker(string store, string feeds)
    {
        var bin = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(bin, "policywatch.dll"), "run",
            $"--Urls=http://127.0.0.1:{FreePort()}",
            $"--PolicyWatch:Storage:ConnectionString=Data Source={store}",
            $"--PolicyWatch:Feeds:Directory={feeds}",
            "--PolicyWatch:Console:Feeds=none",
            "--PolicyWatch:Feeds:BackfillDays=0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The process's resident set (VmRSS), in MB.</summary>
    private static long ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    private sealed class Served
    {
        private long _pages;
        private long _notModified;

        public long Pages => Interlocked.Read(ref _pages);

        public long NotModified => Interlocked.Read(ref _notModified);

        public void CountPage() => Interlocked.Increment(ref _pages);

        public void CountNotModified() => Interlocked.Increment(ref _notModified);
    }
}
