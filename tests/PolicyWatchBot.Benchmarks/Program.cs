using PolicyWatchBot.Benchmarks;

// Usage: dotnet run -c Release --project tests/PolicyWatchBot.Benchmarks -- MODE [options]
const string FixtureRelativePath = "../PolicyWatchBot.Tests/Fixtures/feeds/federal-register/documents-search-2024-01-all-fields-page1.json";
const string Usage = """
    usage: PolicyWatchBot.Benchmarks MODE
      match [DOCUMENTS_JSON]      matching throughput for 10 to 10,000 rules, against tokenizing
      fanout                      one poll's planning for 1 to 10,000 channels of 10 rules
      audit-export [ROWS]         audit export's peak memory for a tenth and for all of ROWS rows (at least 10; default 1,000,000)
      backtest [STORE_FILE]       rule test over 1,000,000 stored revisions (the store is built on first use)
      poll-once                   poll --once of 1,000 new documents for 1,000 channels whose rules all miss, against 1 channel
      screening                   SDN CSV against a 10,000-name watchlist: diff, changed entities, whole list; precision and recall
      run [STORE_FILE]            the worker's steady memory (50 feeds, 100 channels, 10,000 rules) and a 304 poll's CPU
      history                     a Federal Register poll of 100 documents with full text, its 304, and a 1,000-document backfill: CPU per document, peak memory
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var fixture = Path.GetFullPath(Path.Combine(ProjectDirectory(), FixtureRelativePath));
var store = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(Path.GetTempPath(), "policywatch-benchmark-1m-revisions.db");
switch (args[0])
{
    case "match" when args.Length <= 2:
        var path = args.Length == 2 ? Path.GetFullPath(args[1]) : fixture;
        return File.Exists(path) && File.Exists(Agencies(path))
            ? MatchBenchmark.Run(path, Agencies(path), Console.Out)
            : Missing(path);
    case "audit-export" when args.Length <= 2:
        var rows = 1_000_000;
        if (args.Length == 2 && (!int.TryParse(args[1], out rows) || rows < 10))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        return await AuditExportBenchmark.RunAsync(rows, Console.Out);
    case "fanout":
        return FanoutBenchmark.Run(fixture, Agencies(fixture), Console.Out);
    case "backtest":
        return await BacktestBenchmark.RunAsync(fixture, store, Console.Out);
    case "poll-once":
        return await PollOnceBenchmark.RunAsync(fixture, Agencies(fixture), Console.Out);
    case "screening":
        return ScreeningBenchmark.Run(
            Path.GetFullPath(Path.Combine(ProjectDirectory(), "../PolicyWatchBot.Tests/Fixtures/feeds/ofac/sdn-csv-2021-07-full.csv")),
            Path.Combine(ProjectDirectory(), "Fixtures", "non-matches-200-company-names.txt"),
            Console.Out);
    case "run":
        return await RunBenchmark.RunAsync(fixture, Agencies(fixture), store, Console.Out);
    case "history":
        return await HistoryBenchmark.RunAsync(Console.Out);
    case HistoryBenchmark.ChildMode when args.Length == 2:
        return await HistoryBenchmark.MeasureAsync(args[1], fixture, Console.Out);
    case BacktestBenchmark.ChildMode:
        return await BacktestBenchmark.MeasureAsync(args[1], args[2], Console.Out);
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

static int Missing(string path)
{
    Console.Error.WriteLine($"no such file: {path} (or its agencies-2022.json beside it)");
    return 2;
}

// The agency list beside the documents.
static string Agencies(string documents) => Path.Combine(Path.GetDirectoryName(documents)!, "agencies-2022.json");

// The project directory: the first parent of the binary (bin/Release/net10.0/) or of the working directory holding the project file.
static string ProjectDirectory()
{
    const string ProjectFile = "PolicyWatchBot.Benchmarks.csproj";
    foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ProjectFile)))
            {
                return directory.FullName;
            }

            var nested = Path.Combine(directory.FullName, "tests", "PolicyWatchBot.Benchmarks");
            if (File.Exists(Path.Combine(nested, ProjectFile)))
            {
                return nested;
            }
        }
    }

    return Environment.CurrentDirectory;
}
