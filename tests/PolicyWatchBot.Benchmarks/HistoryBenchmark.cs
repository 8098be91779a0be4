using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Cli;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// What a Federal Register feed's full text and history backfill cost, each in a process of its own
/// (so its peak working set is its own): <c>poll --once</c> of a 100-document page of real documents
/// whose 100 full texts (the real text of the Entity List rule 2023-03929) a loopback host serves,
/// then the same feed answering 304, which must parse nothing; and a first poll whose backfill reads
/// 1,000 real documents re-dated over the last year, month by month. CPU per document is the poll's
/// CPU less that of the same poll with nothing to read (host start, migrations), over the documents.
/// </summary>
internal static class HistoryBenchmark
{
    public const string ChildMode = "history-measure";
    private const int PageDocuments = 100;
    private const int BackfillDocuments = 1000;
    private const string ETag = "\"page-1\"";

    public static async Task<int> RunAsync(TextWriter output)
    {
        var exit = 0;
        foreach (var scenario in new[] { "full-text", "backfill" })
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(HistoryBenchmark).Assembly.Location);
            }

            start.ArgumentList.Add(ChildMode);
            start.ArgumentList.Add(scenario);
            using var child = Process.Start(start)!;
            output.Write(await child.StandardOutput.ReadToEndAsync());
            await child.WaitForExitAsync();
            exit = Math.Max(exit, child.ExitCode);
        }

        return exit;
    }

    /// <summary>The child: one scenario, after a warm-up poll that is not counted.</summary>
    public static async Task<int> MeasureAsync(string scenario, string fixturePath, TextWriter output)
    {
        var documents = JsonNode.Parse(File.ReadAllText(fixturePath))!["results"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var text = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(fixturePath)!, "raw-text-2023-03929-entity-list-additions.txt"));
        var empty = false;
        var textRequests = 0;
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var dated = documents.Take(BackfillDocuments).Select((d, i) => (Day: today.AddDays(-1 - (i * 364 / BackfillDocuments)), Document: d)).ToList();
        await using var server = await LoopbackFeedServer.StartAsync(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/text", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref textRequests);
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.Body.WriteAsync(text);
                return;
            }

            context.Response.ContentType = "application/json";
            if (empty)
            {
                await context.Response.WriteAsync("""{"description":"Documents matching nothing","count":0}""");
            }
            else if (scenario == "full-text")
            {
                if (context.Request.Headers.IfNoneMatch == ETag)
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }

                context.Response.Headers.ETag = ETag;
                await context.Response.WriteAsync(Page(documents.Take(PageDocuments), d => d["raw_text_url"] = $"{context.Request.Scheme}://{context.Request.Host}/text/{(string?)d["document_number"]}.txt"));
            }
            else
            {
                await context.Response.WriteAsync(Window(dated, context.Request.Query));
            }
        });

        var work = Path.Combine(Path.GetTempPath(), "policywatch-history-benchmark-" + Guid.NewGuid().ToString("N"));
        var feeds = Path.Combine(work, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "bench.json"), $$"""
            { "id": "bench", "title": "Federal Register documents", "kind": "federal-register", "fullText": true,
              "url": "{{server.Url}}documents.json?order=newest&per_page=100", "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
        try
        {
            // The full-text poll is measured alone: its loopback host answers every query with the same page.
            var backfillDays = scenario == "full-text" ? 0 : 365;
            empty = true;
            await PollAsync(Path.Combine(work, "warm-up.db"), feeds, backfillDays);
            var idle = await PollAsync(Path.Combine(work, "idle.db"), feeds, backfillDays);
            empty = false;
            var store = Path.Combine(work, "measured.db");
            var measured = await PollAsync(store, feeds, backfillDays);
            var count = scenario == "full-text" ? PageDocuments : BackfillDocuments;
            var perDocument = (measured.Cpu - idle.Cpu).TotalMilliseconds / count;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var peak = process.PeakWorkingSet64 / (1 << 20);
            output.WriteLine($"history {scenario}: {measured.Summary}");
            output.WriteLine($"history {scenario}: {count:N0} documents{(scenario == "full-text" ? $", {textRequests} full texts of {text.Length:N0} bytes" : "")}: "
                + $"{measured.Wall.TotalMilliseconds:F0} ms, {measured.Cpu.TotalMilliseconds:F0} ms CPU ({idle.Cpu.TotalMilliseconds:F0} ms of it a poll with nothing to read), "
                + $"{perDocument.ToString("F2", CultureInfo.InvariantCulture)} ms CPU per document, {measured.Allocated / (1 << 20):N0} MB allocated, peak working set {peak:N0} MB");
            if (scenario != "full-text")
            {
                return measured.Summary.Contains($"history backfill: {BackfillDocuments} documents stored without alerts", StringComparison.Ordinal) ? 0 : 1;
            }

            var textsBefore = textRequests;
            var notModified = await PollAsync(store, feeds, backfillDays);
            var parsedNothing = notModified.Summary.StartsWith("bench: NotModified, 0 items", StringComparison.Ordinal) && textRequests == textsBefore;
            output.WriteLine($"history full-text: 304 answer: {notModified.Summary}; {notModified.Cpu.TotalMilliseconds:F0} ms CPU; "
                + $"parsed nothing and fetched no text: {(parsedNothing ? "yes" : "NO")}");
            return textRequests == PageDocuments && parsedNothing ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu, long Allocated, string Summary)> PollAsync(string store, string feeds, int backfillDays)
    {
        using var alerts = new StringWriter();
        using var report = new StringWriter();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var exit = await PollVerb.RunAsync(
            [
                "--once",
                $"--PolicyWatch:Storage:ConnectionString=Data Source={store}",
                $"--PolicyWatch:Feeds:Directory={feeds}",
                $"--PolicyWatch:Feeds:BackfillDays={backfillDays}",
                $"--PolicyWatch:Feeds:MaxFullTextsPerPoll={PageDocuments}",
                "--PolicyWatch:Feeds:AlertWindow=2.00:00:00",
                "--PolicyWatch:Console:Feeds=none",
                "--Logging:LogLevel:Default=Warning",
            ],
            alerts,
            report,
            AppContext.BaseDirectory);
        var wall = watch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        SqliteConnection.ClearAllPools();
        var summary = report.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("bench:", StringComparison.Ordinal))?.Trim() ?? report.ToString().Trim();
        if (exit != PolicyWatchBot.Cli.CommandLine.Ok)
        {
            throw new InvalidOperationException($"poll --once exited {exit}: {report}");
        }

        return (wall, cpu, allocated, summary);
    }

    /// <summary>A search answer of these documents (edited copies), with no next page.</summary>
    private static string Page(IEnumerable<JsonObject> documents, Action<JsonObject> edit)
    {
        var results = new JsonArray();
        foreach (var document in documents)
        {
            var copy = document.DeepClone().AsObject();
            edit(copy);
            results.Add(copy);
        }

        return new JsonObject { ["count"] = results.Count, ["description"] = "Documents selected for a benchmark", ["total_pages"] = 1, ["results"] = results }.ToJsonString();
    }

    /// <summary>
    /// The answer to a backfill's window (<c>conditions[publication_date][gte]</c> / <c>[lte]</c>):
    /// its documents, re-dated, on one page (a month holds fewer than a page of 100). The feed's own
    /// query, with no window, answers nothing new, so the poll's work is the backfill's.
    /// </summary>
    private static string Window(List<(DateOnly Day, JsonObject Document)> dated, IQueryCollection query)
    {
        if (!DateOnly.TryParse(query["conditions[publication_date][gte]"], CultureInfo.InvariantCulture, out var from)
            || !DateOnly.TryParse(query["conditions[publication_date][lte]"], CultureInfo.InvariantCulture, out var through))
        {
            return """{"description":"Documents matching nothing new","count":0}""";
        }

        var days = dated.Where(d => d.Day >= from && d.Day <= through).ToDictionary(d => (string)d.Document["document_number"]!, d => d.Day);
        return Page(dated.Where(d => d.Day >= from && d.Day <= through).Select(d => d.Document),
            d => d["publication_date"] = days[(string)d["document_number"]!].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
