using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary><c>watchlist import --channel KEY FILE</c> as an operator runs it, then <c>chat ... watchlist</c> reads what it stored.</summary>
public sealed class WatchlistVerbTests : IDisposable
{
    private readonly TempSqliteDatabase _db = new();

    public WatchlistVerbTests()
    {
        Directory.CreateDirectory(Path.Combine(_db.Folder, "feeds"));
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            { "Logging": { "LogLevel": { "Default": "Warning" } }, "PolicyWatch": { "Console": { "Feeds": "#none" } } }
            """);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Import_CsvFile_Exit0_TheChannelWatchesItsNames()
    {
        var file = Csv("name,aliases,country\n\"Acme, Inc.\",Acme;ACME Intl,AE\nBeta Labs,,\n");

        var (exit, output, error) = await RunAsync("import", "--channel", "desk", file, "--user", "ops");
        var (listExit, list, _) = await ChatAsync("--channel", "desk", "watchlist");

        Assert.Equal(0, exit);
        Assert.Contains("@ops imported a watchlist: 2 names added, 0 updated, 0 unchanged", output, StringComparison.Ordinal);
        Assert.Equal("", error);
        Assert.Equal(0, listExit);
        Assert.Contains("Acme, Inc. (aliases: Acme; ACME Intl) [AE]", list, StringComparison.Ordinal);
        Assert.Contains("Beta Labs", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadRow_Exit2_NothingImported()
    {
        var (exit, _, error) = await RunAsync("import", "--channel", "desk", Csv("Acme,,AE\nBeta,,Germany\n"));
        var (_, list, _) = await ChatAsync("--channel", "desk", "watchlist");

        Assert.Equal(2, exit);
        Assert.Contains("line 2: 'Germany' is not a two-letter country code", error, StringComparison.Ordinal);
        Assert.Contains("This channel watches no names", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "import", "--channel", "slack/T1/C1", "FILE" }, "is not a channel the bot knows")]
    [InlineData(new[] { "import", "--channel", "desk", "missing.csv" }, "there is no file 'missing.csv'")]
    [InlineData(new[] { "import", "FILE" }, "watchlist import needs --channel KEY and a FILE")]
    [InlineData(new[] { "export" }, "unknown watchlist subcommand 'export'")]
    public async Task Import_BadUsage_Exit2WithTheReason(string[] args, string reason)
    {
        var file = Csv("Acme\n");
        var (exit, _, error) = await RunAsync([.. args.Select(a => a == "FILE" ? file : a)]);

        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private string Csv(string text)
    {
        var path = Path.Combine(_db.Folder, $"watch-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await WatchlistVerb.RunAsync(args, output, error, _db.Folder);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<(int Exit, string Output, string Error)> ChatAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChatVerb.RunAsync(args, output, error, _db.Folder);
        return (exit, output.ToString(), error.ToString());
    }
}
