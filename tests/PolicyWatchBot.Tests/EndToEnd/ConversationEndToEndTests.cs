using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.EndToEnd;

/// <summary>
/// Commands and delivery together: a console channel set up by commands, a poll of a loopback feed
/// host serving the real Federal Register answer, and what the console then shows.
/// </summary>
public sealed partial class ConversationEndToEndTests : IAsyncLifetime
{
    private const string Json = "application/json; charset=utf-8";
    private static readonly string[] BisDocuments = ["2024-00190", "2024-00359", "2024-00422", "2024-00582"];
    private static readonly ChannelKey Desk = ChannelKey.Console("desk");

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 2, 1, 9, 0, 0, TimeSpan.Zero));
    private FakeFeedServer _server = null!;
    private PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Serve("/fr/all.json", File.ReadAllBytes(Fixtures.FederalRegisterDocuments), Json, "\"v1\"");
        _feeds.Add("fr-all", "federal-register", _server.Url("/fr/all.json"));
        _feeds.Add("quiet", "federal-register", _server.Url("/quiet.json"));
        _server.Serve("/fr/twelve.json", FirstDocuments(12), Json);
        _feeds.Add("fr-twelve", "federal-register", _server.Url("/fr/twelve.json"));
        _server.Serve("/fr/five.json", FirstDocuments(5), Json);
        _feeds.Add("fr-five", "federal-register", _server.Url("/fr/five.json"));

        // The configured console channel listens to a feed no test polls, so the output is the desk's.
        _host = await PipelineHost.StartAsync(_db, _feeds.Path, new Dictionary<string, string?> { ["PolicyWatch:Console:Feeds"] = "quiet" }, _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Mute_RuleMutedBeforePoll_AlertsHeldThenOfferedAsOneSummaryOnUnmute()
    {
        await SayAsync("subscribe fr-all");
        await SayAsync("rule add bis agency:\"industry and security\"");
        await SayAsync("mute rule bis 8h");

        await PollAndDeliverAsync();

        Assert.Equal("", _host.Console.ToString());
        Assert.Equal(BisDocuments.Length, (await _host.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Muted);

        var unmute = await SayAsync("unmute rule bis");
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Contains($"The {BisDocuments.Length} alerts it held back are posted now as one message", unmute.ToString(), StringComparison.Ordinal);
        var output = _host.Console.ToString();
        Assert.Single(PostHeaders().Matches(output));
        Assert.Contains($"Mute of rule bis ended: {BisDocuments.Length} alerts held back", output, StringComparison.Ordinal);
        foreach (var number in BisDocuments)
        {
            Assert.Contains(number, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Mute_RunsOut_HeldAlertsOfferedOnceWhenTheDispatcherNextRuns()
    {
        await SayAsync("subscribe fr-all");
        await SayAsync("rule add bis agency:\"industry and security\"");
        await SayAsync("mute feed fr-all 30m");
        await PollAndDeliverAsync();
        Assert.Equal("", _host.Console.ToString());

        _clock.Advance(TimeSpan.FromMinutes(31));
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());

        var output = _host.Console.ToString();
        Assert.Single(PostHeaders().Matches(output));
        Assert.Contains($"Mute of feed fr-all ended: {BisDocuments.Length} alerts held back", output, StringComparison.Ordinal);
        Assert.Equal(0, (await _host.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Muted);
    }

    [Fact]
    public async Task Mute_OnlyOneOfTwoMatchingRulesMuted_AlertStillDelivered()
    {
        await SayAsync("subscribe fr-all");
        await SayAsync("rule add bis agency:\"industry and security\"");
        await SayAsync("rule add committees title:committee");
        await SayAsync("mute rule committees");

        await PollAndDeliverAsync();

        // 2024-00422 matches both rules: only one is muted, so it is delivered.
        Assert.Contains("fr:2024-00422", _host.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_DeliveredAlert_ConsoleShowsWhoAcknowledgedItAndTheNote()
    {
        await SayAsync("subscribe fr-all");
        await SayAsync("rule add ofac-penalties agency:\"foreign assets control\" AND penalt*");
        await PollAndDeliverAsync();
        var alertId = Assert.Single(PostHeaders().Matches(_host.Console.ToString())).Groups["id"].Value;

        var reply = await SayAsync($"ack {alertId.ToLowerInvariant()} sent to legal");
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Contains($"── {alertId} in #desk: acknowledged by alice at 2024-02-01 09:00 UTC: sent to legal", _host.Console.ToString(), StringComparison.Ordinal);
        Assert.Empty(await _host.Store.ClaimDueAsync("probe", _clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Fixtures.Timeout()));
    }

    [Fact]
    public async Task MuteRuleButton_DeliveredAlert_RuleMutedAndTheMessageShowsIt()
    {
        await SayAsync("subscribe fr-all");
        await SayAsync("rule add ofac-penalties agency:\"foreign assets control\" AND penalt*");
        await PollAndDeliverAsync();
        var alertId = Assert.Single(PostHeaders().Matches(_host.Console.ToString())).Groups["id"].Value;
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(AlertAction.MuteRule, alertId), out var pressed));

        var reply = await _host.Services.GetRequiredService<ConversationHandler>().HandleAsync(
            new ChatRequest(Desk, "desk", new Caller(new Actor("U2", "bob"), HasManageChannelsPermission: true), pressed), Fixtures.Timeout());
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        Assert.Contains($"@bob muted rule ofac-penalties for 24h, until 2024-02-02 09:00 UTC (from {alertId})", reply.ToString(), StringComparison.Ordinal);
        Assert.Contains($"── {alertId} in #desk: rule ofac-penalties muted until 2024-02-02 09:00 UTC by bob", _host.Console.ToString(), StringComparison.Ordinal);
        var channelId = await _host.Store.EnsureChannelAsync(Desk, "desk", Fixtures.Timeout());
        var mute = Assert.Single(await _host.Store.GetActiveMutesAsync(channelId, Fixtures.Timeout()));
        Assert.Equal("rule ofac-penalties", mute.Target.ToString());
    }

    [Fact]
    public async Task Flood_PollWithTwelveMatchingItems_OneGroupedMessageForTheChannel()
    {
        await SayAsync("subscribe fr-twelve");

        var report = await _host.PollAsync("fr-twelve");
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(12, report.AlertsQueued);
        var output = _host.Console.ToString();
        var headers = PostHeaders().Matches(output).Select(m => m.Groups["id"].Value).ToList();
        Assert.Single(headers, h => h.StartsWith("PWG-", StringComparison.Ordinal));

        // Urgent alerts (an interim final rule, an Entity List addition, ...) are never grouped: they come on their own.
        var urgent = headers.Count - 1;
        Assert.Equal(urgent, output.Split("   !! URGENT: ").Length - 1);
        Assert.Contains($"{12 - urgent} alerts from one poll, grouped", output, StringComparison.Ordinal);
        Assert.Equal(12 - urgent, DigestLines().Count(output));
        var counts = await _host.Store.GetOutboxCountsAsync(Fixtures.Timeout());
        Assert.Equal((12L, 0L), (counts.Sent, counts.Backlog));
    }

    [Fact]
    public async Task Flood_PollWithFiveMatchingItems_FiveSingleAlerts()
    {
        await SayAsync("subscribe fr-five");

        await _host.PollAsync("fr-five");
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());

        var headers = PostHeaders().Matches(_host.Console.ToString()).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(5, headers.Count);
        Assert.All(headers, id => Assert.StartsWith("PW-", id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("agency:\"foreign assets control\"")]
    [InlineData("export* OR sanction*")]
    [InlineData("title:committee -meeting")]
    public async Task RuleTest_StoreSeededFromTheRealFixture_SameItemsAsTheMatchVerb(string expression)
    {
        await SayAsync("subscribe fr-all");
        await PollAndDeliverAsync();
        var expected = MatchVerbItems(expression);

        var reply = await SayAsync($"rule test --days 90 {expression}");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        var text = reply.ToString();
        Assert.Contains($"{expected.Count} match", text, StringComparison.Ordinal);
        var shown = DocumentNumbers().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(Math.Min(10, expected.Count), shown.Count);
        Assert.All(shown, number => Assert.Contains(number, expected));
    }

    private async Task PollAndDeliverAsync()
    {
        await _host.PollAsync("fr-all");
        await _host.Dispatcher.DrainAsync(Fixtures.Timeout());
    }

    private static string FirstDocuments(int count)
    {
        var taken = 0;
        return FederalRegisterBodies.Documents(_ => taken++ < count);
    }

    private Task<ChatReply> SayAsync(string text) =>
        _host.Services.GetRequiredService<ConversationHandler>().HandleTextAsync(
            Desk, "desk", new Caller(new Actor("U1", "alice"), HasManageChannelsPermission: true), text, Fixtures.Timeout());

    private static List<string> MatchVerbItems(string expression)
    {
        var rules = Path.Combine(Path.GetTempPath(), $"policywatch-rules-{Guid.NewGuid():N}.txt");
        File.WriteAllText(rules, "probe: " + expression);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = PolicyWatchBot.Cli.MatchVerb.Run(["--rules", rules, "--format", "jsonl", Fixtures.FederalRegisterDocuments], output, error);
            Assert.Equal(0, exit);
            return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("item").GetString()!)
                .ToList();
        }
        finally
        {
            File.Delete(rules);
        }
    }

    [GeneratedRegex(@"━━ (?<id>PWG?-[0-9A-Z]+) ")]
    private static partial Regex PostHeaders();

    [GeneratedRegex(@"^   PW-[0-9A-Z]+ New · fr-twelve · ", RegexOptions.Multiline)]
    private static partial Regex DigestLines();

    [GeneratedRegex(@"20\d\d-\d{5}")]
    private static partial Regex DocumentNumbers();
}
