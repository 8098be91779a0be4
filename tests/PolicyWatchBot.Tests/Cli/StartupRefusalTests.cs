using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>
/// What stops a start, as a new user meets it: one clear line (or one line per configuration
/// problem) on standard error naming the file, key or address, no stack trace, exit code 2, and
/// the disk exactly as it was.
/// </summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly TempSqliteDatabase _root = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public StartupRefusalTests()
    {
        var feeds = Path.Combine(_root.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "local.json"), """
            { "id": "local", "title": "a feed nobody serves", "kind": "syndication", "url": "http://127.0.0.1:9/feed.xml",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
        WriteSettings("""{ "Logging": { "LogLevel": { "Default": "Warning" } }, "PolicyWatch": { "Feeds": { "Retries": 0, "PollOnStart": false } } }""");
    }

    private string DataFolder => Path.Combine(_root.Folder, "data");

    private string DatabaseFile => Path.Combine(DataFolder, "policywatch.db");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task CorruptAppsettings_Exits2NamingTheFileLineAndColumn()
    {
        WriteSettings("""
            {
              "PolicyWatch": {
                "Feeds": { "Retries": 0 }
                "Console": { "Feeds": "all" }
              }
            }
            """);

        var exit = await PollVerb.RunAsync(["--once"], _output, _error, _root.Folder);

        Assert.Equal(2, exit);
        var line = SingleErrorLine();
        Assert.StartsWith(Path.Combine(_root.Folder, "appsettings.json") + ":4:5: not valid JSON", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataFolder));
    }

    [Fact]
    public async Task BadValuesInSeveralSections_EveryProblemListedOnceByKeyPath()
    {
        var exit = await PollVerb.RunAsync(
            ["--once", "--PolicyWatch:Feeds:Timeout=banana", "--PolicyWatch:Feeds:MaxPages=900", "--PolicyWatch:Dispatcher:BatchSize=0",
             "--PolicyWatch:Slack:Timeout=soon", "--PolicyWatch:Console:Rules:broken=(chip"],
            _output, _error, _root.Folder);

        Assert.Equal(2, exit);
        var error = _error.ToString();
        Assert.Contains("PolicyWatch:Feeds:Timeout is 'banana', not a duration", error, StringComparison.Ordinal);
        Assert.Contains("PolicyWatch:Feeds:MaxPages is 900; it must be between 1 and 50", error, StringComparison.Ordinal);
        Assert.Contains("PolicyWatch:Dispatcher:BatchSize is 0; it must be between 1 and 1000", error, StringComparison.Ordinal);
        Assert.Contains("PolicyWatch:Slack:Timeout is 'soon', not a duration", error, StringComparison.Ordinal);
        Assert.Contains("PolicyWatch:Console:Rules:broken is not a valid rule", error, StringComparison.Ordinal);
        foreach (var key in (string[])["PolicyWatch:Feeds:Timeout", "PolicyWatch:Feeds:MaxPages", "PolicyWatch:Dispatcher:BatchSize", "PolicyWatch:Slack:Timeout"])
        {
            Assert.Single(error.Split('\n'), l => l.Contains(key, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("FeedOptions", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataFolder));
    }

    [Fact]
    public async Task DatabaseThatIsNotSqlite_Exits2NamingTheFileAndLeavesItAsItWas()
    {
        Directory.CreateDirectory(DataFolder);
        File.WriteAllText(DatabaseFile, "name,amount\nalice,3\n");
        var before = Snapshot();

        var exit = await ChatVerb.RunAsync(["--channel", "desk", "status"], _output, _error, _root.Folder);

        Assert.Equal(2, exit);
        Assert.Equal($"{DatabaseFile} is not a SQLite database; move it away, or point PolicyWatch:Storage:ConnectionString at another file (it was not changed)", SingleErrorLine());
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ReadOnlyDatabaseFile_Exits2NamingTheFileAndLeavesItAsItWas()
    {
        await CreateDatabaseAsync();
        File.SetUnixFileMode(DatabaseFile, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = Snapshot();

        var exit = await PollVerb.RunAsync(["--once"], _output, _error, _root.Folder);

        Assert.Equal(2, exit);
        Assert.StartsWith($"the database {DatabaseFile} is read-only", SingleErrorLine(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ReadOnlyDataFolder_Exits2NamingTheFolderAndCreatesNothing()
    {
        Directory.CreateDirectory(DataFolder);
        File.SetUnixFileMode(DataFolder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        try
        {
            var exit = await PollVerb.RunAsync(["--once"], _output, _error, _root.Folder);

            Assert.Equal(2, exit);
            Assert.StartsWith($"the data folder {DataFolder} is read-only", SingleErrorLine(), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(DataFolder));
        }
        finally
        {
            File.SetUnixFileMode(DataFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Run_PortInUse_Exits2NamingTheAddressAndTheUrlsKeyBeforeTouchingTheDisk()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";

        var exit = await RunVerb.RunAsync([$"--Urls={url}"], _error, _root.Folder);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{url} is already in use by another program (Urls);", SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataFolder));
    }

    [Fact]
    public async Task Run_BadClusterTimes_Exits2NamingEachKeyBeforeTouchingTheDisk()
    {
        var exit = await RunVerb.RunAsync(
            ["--Urls=http://127.0.0.1:0", "--PolicyWatch:Cluster:CheckinInterval=00:00:00", "--PolicyWatch:Cluster:CheckinMisfireThreshold=later"],
            _error, _root.Folder);

        Assert.Equal(2, exit);
        var error = _error.ToString();
        Assert.Contains("PolicyWatch:Cluster:CheckinInterval is 00:00:00; it must be between 00:00:01 and 00:05:00", error, StringComparison.Ordinal);
        Assert.Contains("PolicyWatch:Cluster:CheckinMisfireThreshold is 'later', not a duration", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataFolder));
    }

    [Fact]
    public async Task SecondRunOnTheSameFile_RefusedWithTheFirstOnesPid_OneShotVerbsStillShareIt()
    {
        using var first = ChildProcess.Start(_root.Folder, "run", "--Urls=http://127.0.0.1:0", "--Logging:LogLevel:PolicyWatchBot=Information");
        var lockFile = DatabaseFile + ".lock";
        await WaitUntilAsync(() => File.Exists(lockFile) && File.ReadAllText(lockFile).Trim() == first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
        await WaitUntilAsync(() => first.Output.Contains("Database ", StringComparison.Ordinal), first);

        var exit = await RunVerb.RunAsync(["--Urls=http://127.0.0.1:0"], _error, _root.Folder);
        var refusal = SingleErrorLine();
        using var chatOutput = new StringWriter();
        var chat = await ChatVerb.RunAsync(["--channel", "desk", "status"], chatOutput, new StringWriter(), _root.Folder);
        first.Terminate();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, exit);
        Assert.Equal($"another policywatch run (pid {first.Id}) is using {DatabaseFile}; stop it first, or give this one its own database with PolicyWatch:Storage:ConnectionString (poll --once and chat may share the file)", refusal);
        Assert.Equal(0, chat);
        Assert.Contains($"PolicyWatchBot {Hosting.ProgramVersion.Text}: the worker (pid {first.Id}) is up ", chatOutput.ToString(), StringComparison.Ordinal);
        // The first run said once, at start, which database file and feeds folder it uses.
        Assert.Single(first.Output.Split('\n'), l => l.Contains($"Database {DatabaseFile}; feeds folder {Path.Combine(_root.Folder, "feeds")} (1 feeds, 0 refused)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PollOnce_LogsWithIsoUtcTimestampsAndWithoutTheHostsBanner()
    {
        using var child = ChildProcess.Start(_root.Folder, "poll", "--once", "--Logging:LogLevel:Default=Information");

        Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(60)), child.Error);

        Assert.Equal(1, child.ExitCode);
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: PolicyWatchBot\.Hosting\.StartupTasks", child.Output);
        Assert.DoesNotContain("Press Ctrl+C", child.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Application started", child.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting environment", child.Output, StringComparison.Ordinal);
    }

    private void WriteSettings(string json) => File.WriteAllText(Path.Combine(_root.Folder, "appsettings.json"), json);

    private string SingleErrorLine() => Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private async Task CreateDatabaseAsync()
    {
        var store = new SqliteStore(new SqliteConnectionFactory("Data Source=data/policywatch.db", _root.Folder), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Every file under the data folder with a hash of its bytes.</summary>
    private List<(string File, string Hash)> Snapshot() =>
        Directory.GetFiles(DataFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (f, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))).ToList();

    private static async Task WaitUntilAsync(Func<bool> condition, ChildProcess child)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 60_000, $"timed out; child stderr: {child.Error}");
            await Task.Delay(50);
        }
    }
}
