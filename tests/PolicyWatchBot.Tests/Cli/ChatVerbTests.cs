using PolicyWatchBot.Cli;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary><c>chat</c> as a user runs it: a content root with appsettings.json and feeds/, one command per run.</summary>
public sealed class ChatVerbTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "BIS in the Federal Register", "kind": "federal-register", "url": "{{_server.Url("/fr/bis.json")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us", "tags": ["export-controls"] }
            """);
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0 }, "Console": { "Feeds": "#none" } }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task Chat_ManagerSubscribes_Exits0AndAnnouncesTheChange()
    {
        var (exit, output, _) = await ChatAsync("--channel", "desk", "--user", "alice", "--manager", "subscribe", "#export-controls");

        Assert.Equal(0, exit);
        Assert.Contains("@alice subscribed this channel to #export-controls", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_NonManagerChangesSetup_Exits2AndSaysWhoMay()
    {
        var (exit, output, _) = await ChatAsync("--channel", "desk", "--user", "bob", "rule add bis agency:bis");

        Assert.Equal(2, exit);
        Assert.Contains("Only managers may use 'rule add'; run the chat command with --manager. Nothing changed.", output, StringComparison.Ordinal);
        var (_, rules, _) = await ChatAsync("--channel", "desk", "rules");
        Assert.Contains("no rules", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_StateKeptBetweenRuns_RulesListsTheRuleAddedBefore()
    {
        await ChatAsync("--channel", "desk", "--manager", "rule add committees title:committee");

        var (exit, output, _) = await ChatAsync("--channel", "desk", "rules");

        Assert.Equal(0, exit);
        Assert.Contains("committees · 0 hits · title:committee", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_MalformedRule_Exits2WithTheColumn()
    {
        var (exit, output, _) = await ChatAsync("--channel", "desk", "--manager", "rule add broken (chip OR gpu");

        Assert.Equal(2, exit);
        Assert.Contains("Rule broken not saved: column", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownVerb_Exits2WithTheClosestUsage()
    {
        var (exit, output, _) = await ChatAsync("--channel", "desk", "subscibe fr-bis");

        Assert.Equal(2, exit);
        Assert.Contains("subscribe FEED [FEED...]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_AckAfterPoll_PrintsTheAcknowledgementLine()
    {
        await ChatAsync("--channel", "desk", "--manager", "subscribe fr-bis");
        using var pollOutput = new StringWriter();
        using var pollError = new StringWriter();
        await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], pollOutput, pollError, _db.Folder);
        var alertId = System.Text.RegularExpressions.Regex.Match(pollOutput.ToString(), "━━ (PW-[0-9A-Z]+) .*fr:2024-00422 → #desk\n").Groups[1].Value;
        Assert.NotEmpty(alertId);

        var (exit, output, _) = await ChatAsync("--channel", "desk", "--user", "carol", "ack", alertId, "filed");

        Assert.Equal(0, exit);
        Assert.Contains($"Acknowledged {alertId}", output, StringComparison.Ordinal);
        Assert.Contains($"── {alertId} in #desk: acknowledged by carol at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ConsoleRuleWithAHyphenOnTheCommandLine_IsTheConsoleChannelsRule()
    {
        // A shell cannot export PolicyWatch__Console__Rules__ai-chips; the command-line key (docs/rules.md) is one way that works.
        var (exit, output, _) = await ChatAsync("--channel", "console", "rules", "--PolicyWatch:Console:Rules:ai-chips=semiconduct* NEAR/3 export");

        Assert.Equal(0, exit);
        Assert.Contains("ai-chips · 0 hits · semiconduct* NEAR/3 export", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithoutChannel_Exits2WithUsage()
    {
        var (exit, _, error) = await ChatAsync("status");

        Assert.Equal(2, exit);
        Assert.Contains("usage: policywatch chat --channel NAME", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Desk")]
    [InlineData("#desk")]
    [InlineData("#DESK")]
    public async Task Chat_ChannelDiffersOnlyInCaseOrHashFromAnExistingOne_RefusedWithDidYouMeanAndNothingMade(string typo)
    {
        await ChatAsync("--channel", "desk", "--manager", "subscribe", "fr-bis");

        var (exit, output, error) = await ChatAsync("--channel", typo, "--manager", "subscribe", "fr-bis");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"there is no console channel '{typo}'; did you mean 'desk'? (channel names are exact; nothing changed)", error.Trim());
        var store = new SqliteStore(new SqliteConnectionFactory("Data Source=data/policywatch.db", _db.Folder), TimeProvider.System);
        var (channels, _) = await store.GetChannelSetupsAsync(CancellationToken.None);
        Assert.Equal(["console", "desk"], channels.Select(c => c.Key.Channel).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Chat_NewChannelNotCloseToAnother_IsMade()
    {
        await ChatAsync("--channel", "desk", "status");

        var (exit, _, error) = await ChatAsync("--channel", "desk-2", "status");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Chat_StatusWithoutAWorker_SaysSoInsteadOfItsOwnUptime()
    {
        var (exit, output, _) = await ChatAsync("--channel", "desk", "status");

        Assert.Equal(0, exit);
        var first = output.Split('\n')[0];
        Assert.EndsWith(": no worker is running on this database ('policywatch run' polls on schedule and delivers).", first.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(", up ", first, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> ChatAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChatVerb.RunAsync(args, output, error, _db.Folder);
        return (exit, output.ToString(), error.ToString());
    }
}
