using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary><c>feeds</c> reads the folder <c>run</c> uses: <c>PolicyWatch:Feeds:Directory</c>, from the settings file or an override; <c>--dir</c> checks another.</summary>
public sealed class FeedsVerbTests : IDisposable
{
    private readonly TempSqliteDatabase _root = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public FeedsVerbTests()
    {
        WriteFeed("feeds", "shipped-feed");
        WriteFeed("catalog", "configured-feed");
        WriteFeed("elsewhere", "override-feed");
        File.WriteAllText(Path.Combine(_root.Folder, "appsettings.json"), """{ "PolicyWatch": { "Feeds": { "Directory": "catalog" } } }""");
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Feeds_DirectoryInTheSettings_ListsThatFolder()
    {
        var exit = await FeedsVerb.RunAsync([], _output, _error, _root.Folder);

        Assert.Equal(0, exit);
        Assert.Contains("configured-feed", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("shipped-feed", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_DirectoryOverriddenOnTheCommandLine_ListsThatFolder()
    {
        var exit = await FeedsVerb.RunAsync(["--PolicyWatch:Feeds:Directory=elsewhere"], _output, _error, _root.Folder);

        Assert.Equal(0, exit);
        Assert.Contains("override-feed", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("configured-feed", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_Dir_ChecksThatFolderInstead()
    {
        var exit = await FeedsVerb.RunAsync(["--dir", Path.Combine(_root.Folder, "feeds")], _output, _error, _root.Folder);

        Assert.Equal(0, exit);
        Assert.Contains("shipped-feed", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 feeds valid, 0 refused", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MatchWithFeed_LooksTheFeedUpInTheConfiguredFolder()
    {
        var rules = Path.Combine(_root.Folder, "rules.txt");
        File.WriteAllText(rules, "mine: feed:configured-feed\n");

        var found = MatchVerb.Run(["--rules", rules, "--feed", "configured-feed", "--format", "text", Fixtures.FederalRegisterDocuments], _output, _error, _root.Folder);
        var shipped = MatchVerb.Run(["--rules", rules, "--feed", "shipped-feed", Fixtures.FederalRegisterDocuments], new StringWriter(), _error, _root.Folder);

        Assert.Equal(0, found);
        Assert.StartsWith("mine\t", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, shipped);
        Assert.Contains("unknown feed 'shipped-feed'; known feeds: configured-feed", _error.ToString(), StringComparison.Ordinal);
    }

    private void WriteFeed(string folder, string id)
    {
        var path = Path.Combine(_root.Folder, folder);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, id + ".json"), $$"""
            { "id": "{{id}}", "title": "{{id}}", "kind": "federal-register", "url": "https://www.federalregister.gov/api/v1/documents.json",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
    }
}
