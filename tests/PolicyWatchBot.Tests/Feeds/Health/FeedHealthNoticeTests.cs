using System.Text.Json.Nodes;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Discord;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Slack;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Feeds.Health;

/// <summary>
/// Feed health notices through <c>poll --once</c> runs (each a restart) against a loopback feed,
/// the Slack and Discord fakes and the console: told once when a feed fails 3 polls in a row or
/// answers with zero items where it had some, once when it recovers, never per failed poll.
/// </summary>
public sealed class FeedHealthNoticeTests : IAsyncLifetime
{
    private const string FeedPath = "/fr/bis.json";
    private static readonly ChannelKey Desk = new("slack", "T1", "CDESK");
    private static readonly ChannelKey Trade = new("discord", "G1", "555000111");

    private readonly TempSqliteDatabase _db = new();
    private readonly DiscordSigner _signer = new();
    private FakeFeedServer _server = null!;
    private FakeSlackServer _slack = null!;
    private FakeDiscordServer _discord = null!;
    private SqliteStore _store = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _slack = await FakeSlackServer.StartAsync();
        _discord = await FakeDiscordServer.StartAsync();
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "BIS rules", "kind": "federal-register", "url": "{{_server.Url(FeedPath)}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0 }, "Console": { "Feeds": "fr-bis" } }
            }
            """);
        _store = new SqliteStore(new SqliteConnectionFactory("Data Source=data/policywatch.db", _db.Folder), TimeProvider.System);
        await _store.MigrateAsync(Ct);
        foreach (var (key, name) in new[] { (Desk, "#desk"), (Trade, "#trade") })
        {
            var channel = await _store.EnsureChannelAsync(key, name, Ct);
            await _store.AddSubscriptionAsync(channel, "fr-bis", StoreTestData.Ada, Ct);
        }

        // An unsubscribed channel is never told.
        var other = await _store.EnsureChannelAsync(new ChannelKey("slack", "T1", "COTHER"), "#other", Ct);
        await _store.AddSubscriptionAsync(other, "#sanctions", StoreTestData.Ada, Ct);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _slack.DisposeAsync();
        await _discord.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task PollOnce_ThreeFailuresInARow_TellsEachSubscribedChannelOnceWithTheErrorAndWhatItMeans()
    {
        await ServeDocumentsAsync(FederalRegisterBodies.ByNumber("2024-00422"));
        _server.Fail(FeedPath, 503);

        var (first, _) = await PollAsync();
        var (second, _) = await PollAsync();
        Assert.Empty(HealthNoticesIn(first));
        Assert.Empty(HealthNoticesIn(second));
        Assert.Empty(SlackNotices());
        Assert.Empty(DiscordNotices());

        var (third, _) = await PollAsync();

        var slack = Assert.Single(SlackNotices());
        Assert.Contains("Feed fr-bis is failing: 3 polls in a row", slack, StringComparison.Ordinal);
        Assert.Contains("No alerts from fr-bis since ", slack, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", slack, StringComparison.Ordinal);
        var discord = Assert.Single(DiscordNotices());
        Assert.Contains("Feed fr-bis is failing: 3 polls in a row", discord, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", discord, StringComparison.Ordinal);
        var console = Assert.Single(HealthNoticesIn(third));
        Assert.Contains("!! Feed fr-bis is failing: 3 polls in a row", console, StringComparison.Ordinal);
        Assert.Empty(_slack.MessagesIn("COTHER"));
    }

    [Fact]
    public async Task PollOnce_FourthAndFifthFailure_TellNothingMore()
    {
        await ServeDocumentsAsync(FederalRegisterBodies.ByNumber("2024-00422"));
        _server.Fail(FeedPath, 503);
        for (var poll = 0; poll < 3; poll++)
        {
            await PollAsync();
        }

        var (fourth, _) = await PollAsync();
        var (fifth, _) = await PollAsync();

        Assert.Empty(HealthNoticesIn(fourth));
        Assert.Empty(HealthNoticesIn(fifth));
        Assert.Single(SlackNotices());
        Assert.Single(DiscordNotices());
    }

    [Fact]
    public async Task PollOnce_RecoversAfterTheNotice_TellsOnceWithTheCaughtUpCount()
    {
        await ServeDocumentsAsync(FederalRegisterBodies.ByNumber("2024-00422"));
        _server.Fail(FeedPath, 503);
        for (var poll = 0; poll < 3; poll++)
        {
            await PollAsync();
        }

        var full = FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency);
        var caughtUp = JsonNode.Parse(full)!["results"]!.AsArray().Count - 1;
        Assert.True(caughtUp > 1, "the recovering body has more documents than the first one");
        _server.Serve(FeedPath, full, "application/json");

        var (recovery, _) = await PollAsync();
        var (after, _) = await PollAsync();

        var expected = $"Feed fr-bis recovered: {caughtUp} items caught up";
        Assert.Equal(2, SlackNotices().Count);
        Assert.Contains(expected, SlackNotices()[1], StringComparison.Ordinal);
        Assert.Equal(2, DiscordNotices().Count);
        Assert.Contains(expected, DiscordNotices()[1], StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Single(HealthNoticesIn(recovery)), StringComparison.Ordinal);
        Assert.Empty(HealthNoticesIn(after));
    }

    [Fact]
    public async Task PollOnce_ZeroItemsWhereItHadSome_TellsOnceAndOnceWhenItemsComeBack()
    {
        await ServeDocumentsAsync(FederalRegisterBodies.ByNumber("2024-00422"));
        _server.Serve(FeedPath, FederalRegisterBodies.Empty, "application/json");

        var (empty, _) = await PollAsync();
        var (stillEmpty, _) = await PollAsync();

        var slack = Assert.Single(SlackNotices());
        Assert.Contains("Feed fr-bis answered with zero items", slack, StringComparison.Ordinal);
        Assert.Contains("No alerts from fr-bis since ", slack, StringComparison.Ordinal);
        Assert.Contains("it had 1 before", slack, StringComparison.Ordinal);
        Assert.Single(DiscordNotices());
        Assert.Single(HealthNoticesIn(empty));
        Assert.Empty(HealthNoticesIn(stillEmpty));

        _server.Serve(FeedPath, FederalRegisterBodies.ByNumber("2024-00422", "2024-00359"), "application/json");
        await PollAsync();

        Assert.Equal(2, SlackNotices().Count);
        Assert.Contains("Feed fr-bis recovered: 1 item caught up", SlackNotices()[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_SlackDownWhenTheNoticeIsQueued_DeliversItOnceOnTheNextRun()
    {
        await ServeDocumentsAsync(FederalRegisterBodies.ByNumber("2024-00422"));
        _server.Fail(FeedPath, 503);
        await PollAsync();
        await PollAsync();
        _slack.Down = true;
        await PollAsync();
        Assert.Empty(SlackNotices());
        Assert.Single(DiscordNotices());

        _slack.Down = false;
        await PollAsync();
        await PollAsync();

        Assert.Single(SlackNotices());
        Assert.Single(DiscordNotices());
    }

    private async Task ServeDocumentsAsync(string body)
    {
        _server.Serve(FeedPath, body, "application/json");
        var (_, exit) = await PollAsync();
        Assert.Equal(0, exit);
    }

    /// <summary>One <c>poll --once</c> run, a host of its own as after a restart: its console output and exit code.</summary>
    private async Task<(string Output, int Exit)> PollAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PollVerb.RunAsync(
            [
                "--once",
                "--PolicyWatch:Slack:BotToken=xoxb-test", "--PolicyWatch:Slack:SigningSecret=secret",
                $"--PolicyWatch:Slack:ApiBaseUrl={_slack.ApiBase}", "--PolicyWatch:Slack:Timeout=00:00:05",
                "--PolicyWatch:Dispatcher:DrainWait=00:00:01", "--PolicyWatch:Dispatcher:FirstRetryDelay=00:00:01",
                .. _discord.Settings(_signer.PublicKeyHex),
            ],
            output, error, _db.Folder).WaitAsync(TimeSpan.FromSeconds(60));
        return (output.ToString(), exit);
    }

    private static List<string> HealthNoticesIn(string console) =>
        console.Split("━━ ").Where(block => block.Contains("Feed health · fr-bis", StringComparison.Ordinal)).ToList();

    private List<string> SlackNotices() =>
        _slack.MessagesIn(Desk.Channel).Select(m => m.GetRawText()).Where(IsHealthNotice).ToList();

    /// <summary>The embeds' title, description and footer, without Discord's markdown escapes (<c>fr\-bis</c>).</summary>
    private List<string> DiscordNotices() =>
        _discord.Messages.Where(m => m.ChannelId == Trade.Channel)
            .Select(m => m.Body["embeds"]?[0])
            .OfType<JsonObject>()
            .Select(e => $"{e["title"]}\n{e["description"]}\n{e["footer"]?["text"]}".Replace("\\", "", StringComparison.Ordinal))
            .Where(IsHealthNotice).ToList();

    private static bool IsHealthNotice(string json) => json.Contains("PWH-", StringComparison.Ordinal);
}
