using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary><c>poll --once</c> as a user runs it: a content root with appsettings.json and feeds/.</summary>
public sealed class PollVerbTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _server.Fail("/down.json", 503);
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        WriteFeed(feeds, "fr-bis", _server.Url("/fr/bis.json"));
        WriteFeed(feeds, "down", _server.Url("/down.json"));
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": {
                "Feeds": { "Retries": 0 },
                "Console": { "Feeds": "all", "Rules": { "committees": "title:committee" } }
              }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task PollOnce_OneFeed_PrintsItsAlertsAndExits0()
    {
        var exit = await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], _output, _error, _db.Folder);

        Assert.Equal(0, exit);
        var output = _output.ToString();
        Assert.Contains("fr:2024-00422", output, StringComparison.Ordinal);
        Assert.Contains("matched committees (committee)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fr:2024-00359", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_db.Folder, "data", "policywatch.db")));
    }

    [Fact]
    public async Task PollOnce_Twice_SecondRunPrintsNothingNew()
    {
        await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], _output, _error, _db.Folder);
        using var second = new StringWriter();

        var exit = await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], second, _error, _db.Folder);

        Assert.Equal(0, exit);
        Assert.Equal("", second.ToString());
    }

    [Fact]
    public async Task PollOnce_EveryFeedFails_Exits1WithTheReason()
    {
        var exit = await PollVerb.RunAsync(["--once", "--feed", "down"], _output, _error, _db.Folder);

        Assert.Equal(1, exit);
        Assert.Contains("HTTP 503", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_OneOfTwoFeedsFails_Exits0()
    {
        var exit = await PollVerb.RunAsync(["--once"], _output, _error, _db.Folder);

        Assert.Equal(0, exit);
        Assert.Contains("HTTP 503", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_UnknownFeed_Exits2NamingKnownFeeds()
    {
        var exit = await PollVerb.RunAsync(["--once", "--feed", "fr-bsi"], _output, _error, _db.Folder);

        Assert.Equal(2, exit);
        Assert.Contains("unknown feed 'fr-bsi'", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("fr-bis", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_InvalidConsoleRule_Exits2NamingTheKeyAndColumn()
    {
        var exit = await PollVerb.RunAsync(["--once", "--PolicyWatch:Console:Rules:broken=(chip"], _output, _error, _db.Folder);

        Assert.Equal(2, exit);
        Assert.Contains("PolicyWatch:Console:Rules:broken", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("column", _error.ToString(), StringComparison.Ordinal);
    }

    private static void WriteFeed(string folder, string id, Uri url) =>
        File.WriteAllText(Path.Combine(folder, id + ".json"), $$"""
            { "id": "{{id}}", "title": "{{id}}", "kind": "federal-register", "url": "{{url}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
}
