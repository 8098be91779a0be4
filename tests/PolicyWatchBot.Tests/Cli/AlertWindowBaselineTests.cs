using System.Globalization;
using System.Text.RegularExpressions;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>
/// The first poll is a baseline (PolicyWatch:Feeds:AlertWindow), through <c>poll --once</c> and
/// <c>chat</c> against a loopback Federal Register: the four real BIS documents of January 2024, one
/// of them re-dated to today.
/// </summary>
public sealed partial class AlertWindowBaselineTests : IAsyncLifetime
{
    private const string Recent = "2024-00422";
    private const string Window = "--PolicyWatch:Feeds:AlertWindow=2.00:00:00";
    private static readonly string[] Old = ["2024-00190", "2024-00359", "2024-00582"];

    private readonly TempSqliteDatabase _db = new();
    private readonly string _today = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        Serve();
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "BIS in the Federal Register", "kind": "federal-register", "url": "{{_server.Url("/fr/bis.json")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us", "tags": ["export-controls"] }
            """);
        WriteSettings(consoleFeeds: "all");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public void AlertWindow_DefaultsToTwoDays() => Assert.Equal(TimeSpan.FromDays(2), new FeedOptions().AlertWindow);

    [Fact]
    public async Task PollOnce_FirstPoll_AlertsOnlyTheItemDatedInsideTheWindowAndStoresTheRest()
    {
        var (exit, output, error) = await PollAsync();

        Assert.Equal(0, exit);
        Assert.Equal([("fr:" + Recent, "console")], Alerts(output));
        Assert.Contains("4 items, 4 new, 0 changed, 1 alerts", error, StringComparison.Ordinal);
        Assert.Contains("3 items older than the alert window stored without alerts", error, StringComparison.Ordinal);

        var (_, reply, _) = await ChatAsync("--channel", "desk", "--user", "alice", "--manager", "subscribe", "fr-bis");
        Assert.Contains("the feed holds 4 stored items (since 2024-01-09)", reply, StringComparison.Ordinal);
        Assert.Contains("rule test --days 30 EXPRESSION", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_WiderWindow_AlertsTheOlderItemsToo()
    {
        var (exit, output, _) = await PollAsync("--PolicyWatch:Feeds:AlertWindow=3650.00:00:00");

        Assert.Equal(0, exit);
        Assert.Equal(4, Alerts(output).Count);
    }

    [Fact]
    public async Task PollOnce_OldItemStoredSilently_ARevisionOfItLaterAlerts()
    {
        await PollAsync();
        Serve(retitled: Old[0]);

        var (exit, output, _) = await PollAsync();

        Assert.Equal(0, exit);
        Assert.Equal([("fr:" + Old[0], "console")], Alerts(output));
        Assert.Contains("Changed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_FeedAlreadyPolled_ChannelGetsOnlyRevisionsMadeAfterIt()
    {
        WriteSettings(consoleFeeds: "#none");
        await PollAsync("--PolicyWatch:Feeds:AlertWindow=3650.00:00:00");

        var (subscribed, reply, _) = await ChatAsync("--channel", "desk", "--user", "alice", "--manager", "subscribe", "fr-bis");
        var (_, unchanged, _) = await PollAsync("--PolicyWatch:Feeds:AlertWindow=3650.00:00:00");
        Serve(retitled: Old[1]);
        var (exit, revised, _) = await PollAsync("--PolicyWatch:Feeds:AlertWindow=3650.00:00:00");

        Assert.Equal(0, subscribed);
        Assert.Contains("@alice subscribed this channel to fr-bis.", reply, StringComparison.Ordinal);
        Assert.Contains("the feed holds 4 stored items", reply, StringComparison.Ordinal);
        Assert.Empty(Alerts(unchanged));
        Assert.Equal(0, exit);
        Assert.Equal([("fr:" + Old[1], "desk")], Alerts(revised));
    }

    [Fact]
    public async Task Subscribe_FeedNeverPolled_SaysTheFirstPollIsABaseline()
    {
        var (exit, reply, _) = await ChatAsync("--channel", "desk", "--user", "alice", "--manager", "subscribe", "fr-bis");

        Assert.Equal(0, exit);
        Assert.Contains("Nothing is stored for these feeds yet: their first poll alerts only items of the last days", reply, StringComparison.Ordinal);
    }

    private void Serve(string? retitled = null) =>
        _server.Serve("/fr/bis.json", FederalRegisterBodies.Documents(
            d => d["agencies"]!.AsArray().Any(a => (string?)a?["slug"] == FederalRegisterBodies.BisAgency),
            d =>
            {
                var number = (string?)d["document_number"];
                if (number == Recent)
                {
                    d["publication_date"] = _today;
                }

                if (number == retitled)
                {
                    d["title"] = (string?)d["title"] + " (corrected title)";
                }
            }), "application/json");

    private void WriteSettings(string consoleFeeds) =>
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0 }, "Console": { "Feeds": "{{consoleFeeds}}" } }
            }
            """);

    /// <summary>(item, console channel) of every alert printed, from each alert's first line.</summary>
    private static List<(string Item, string Channel)> Alerts(string output) =>
        [.. AlertHead().Matches(output).Select(m => (m.Groups["item"].Value, m.Groups["channel"].Success ? m.Groups["channel"].Value : "console"))];

    // The window is given on the command line: the test assembly's environment opens it wide for the other tests.
    private async Task<(int Exit, string Output, string Error)> PollAsync(string window = Window)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PollVerb.RunAsync(["--once", window], output, error, _db.Folder);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<(int Exit, string Output, string Error)> ChatAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChatVerb.RunAsync([Window, .. args], output, error, _db.Folder);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^━━ PW-\S+ .* · fr-bis · (?<item>\S+)(?: → #(?<channel>\S+))?$", RegexOptions.Multiline)]
    private static partial Regex AlertHead();
}
