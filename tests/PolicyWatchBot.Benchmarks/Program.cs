using PolicyWatchBot.Benchmarks;

// Usage: dotnet run -c Release --project tests/PolicyWatchBot.Benchmarks -- match [FR_DOCUMENTS_JSON]
//        dotnet run -c Release --project tests/PolicyWatchBot.Benchmarks -- audit-export [ROWS]
const string FixtureRelativePath = "../PolicyWatchBot.Tests/Fixtures/feeds/federal-register/documents-search-2024-01-all-fields-page1.json";

if (args is ["audit-export", ..] && args.Length <= 2)
{
    var rows = 1_000_000;
    if (args.Length == 2 && (!int.TryParse(args[1], out rows) || rows < 10))
    {
        Console.Error.WriteLine("usage: PolicyWatchBot.Benchmarks audit-export [ROWS] (at least 10; default 1000000)");
        return 2;
    }

    return await AuditExportBenchmark.RunAsync(rows, Console.Out);
}

if (args.Length == 0 || args[0] != "match" || args.Length > 2)
{
    Console.Error.WriteLine("usage: PolicyWatchBot.Benchmarks match [federal-register-documents.json]");
    Console.Error.WriteLine("       PolicyWatchBot.Benchmarks audit-export [ROWS]");
    Console.Error.WriteLine($"  default file: {FixtureRelativePath} relative to the benchmark project directory");
    return 2;
}

var path = args.Length == 2 ? Path.GetFullPath(args[1]) : Path.GetFullPath(Path.Combine(ProjectDirectory(), FixtureRelativePath));
if (!File.Exists(path))
{
    Console.Error.WriteLine($"no such file: {path}");
    return 2;
}

var agencies = Path.Combine(Path.GetDirectoryName(path)!, "agencies-2022.json");
if (!File.Exists(agencies))
{
    Console.Error.WriteLine($"no such file: {agencies} (the agency list beside the documents)");
    return 2;
}

return MatchBenchmark.Run(path, agencies, Console.Out);

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
