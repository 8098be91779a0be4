using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Slack;
using PolicyWatchBot.Tests.Storage;

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
        Assert.Contains("matched committees (Committee)", output, StringComparison.Ordinal);
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

    [Fact]
    public async Task PollOnce_SlackDownWithAlertsForOneChannel_ExitsAfterDrainWaitSayingWhatWaitsAndWhy()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        slack.Down = true;
        var desk = new ChannelKey("slack", "T1", "CDESK");
        var store = new SqliteStore(new SqliteConnectionFactory("Data Source=data/policywatch.db", _db.Folder), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var channel = await store.EnsureChannelAsync(desk, "#desk", CancellationToken.None);
        await store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, CancellationToken.None);
        await store.AddRuleAsync(channel, new RuleDefinition("bis", "agency:\"industry and security\""), StoreTestData.Ada, CancellationToken.None);

        var exit = await PollVerb.RunAsync(
            [
                "--once", "--feed", "fr-bis",
                "--PolicyWatch:Slack:BotToken=xoxb-test", "--PolicyWatch:Slack:SigningSecret=secret",
                $"--PolicyWatch:Slack:ApiBaseUrl={slack.ApiBase}", "--PolicyWatch:Slack:Timeout=00:00:05",
                "--PolicyWatch:Dispatcher:DrainWait=00:00:01", "--PolicyWatch:Dispatcher:FirstRetryDelay=00:00:01",
            ],
            _output, _error, _db.Folder).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exit);
        var queued = (await store.GetOutboxCountsAsync(CancellationToken.None)).Pending;
        Assert.True(queued >= 3, $"{queued} alerts queued for #desk");
        // Tried at 0 s and after the 1 s backoff (the next, 2 s later, is past the wait): only the oldest post, never the ones behind it.
        Assert.InRange(slack.CallsTo("chat.postMessage").Count, 1, 2);
        var error = _error.ToString();
        Assert.Contains($"{queued} posts not delivered yet", error, StringComparison.Ordinal);
        Assert.Contains("#desk (slack/T1/CDESK): 1 post pending, next try ", error, StringComparison.Ordinal);
        Assert.Contains($"#desk (slack/T1/CDESK): {queued - 1} posts pending, next try ", error, StringComparison.Ordinal);
        Assert.Contains("waiting behind PW-", error, StringComparison.Ordinal);
    }

    private static void WriteFeed(string folder, string id, Uri url) =>
        File.WriteAllText(Path.Combine(folder, id + ".json"), $$"""
            { "id": "{{id}}", "title": "{{id}}", "kind": "federal-register", "url": "{{url}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
}
