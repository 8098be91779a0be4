using System.Text.Json.Nodes;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.EndToEnd;

/// <summary>
/// The whole poll → diff → match → outbox → console path, over real HTTP to a loopback feed host
/// serving the real Federal Register fixture, with a real SQLite file.
/// </summary>
public sealed class FeedPipelineTests : IAsyncLifetime
{
    private const string Json = "application/json; charset=utf-8";
    private static readonly Actor Tester = new("U0", "tester");
    private static readonly string[] BisDocuments = ["2024-00190", "2024-00359", "2024-00422", "2024-00582"];

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeFeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task FirstPoll_RealFederalRegisterAnswer_AlertsEachMatchingDocumentOnce()
    {
        _server.Serve("/fr/all.json", File.ReadAllBytes(Fixtures.FederalRegisterDocuments), Json, "\"v1\"");
        _feeds.Add("fr-all", "federal-register", _server.Url("/fr/all.json"));
        await using var host = await StartAsync(rules: new() { ["bis"] = "agency:\"industry and security\"" });

        var report = await host.PollAsync("fr-all");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(1000, report.Items);
        Assert.Equal(1000, report.New);
        Assert.Equal(BisDocuments.Length, report.AlertsQueued);
        var output = host.Console.ToString();
        foreach (var number in BisDocuments)
        {
            Assert.Single(Occurrences(output, "fr:" + number));
        }

        Assert.Contains("Sensors and Instrumentation Technical Advisory Committee", output, StringComparison.Ordinal);
        Assert.Equal(BisDocuments.Length, (await host.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Sent);
    }

    [Fact]
    public async Task SecondPoll_ServerAnswers304_NoAlertsAndValidatorSent()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"bis-1\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await StartAsync();
        await host.PollAsync("fr-bis");

        var second = await host.PollAsync("fr-bis");

        Assert.Equal(PollOutcome.NotModified, second.Outcome);
        Assert.Equal(0, second.AlertsQueued);
        Assert.Equal("\"bis-1\"", _server.Requests.Last().IfNoneMatch);
        Assert.Equal(BisDocuments.Length, (await host.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Pending);
    }

    [Fact]
    public async Task Restart_FeedUrlEdited_NewUrlPolledWithoutTheOldValidatorsOrBodyHash()
    {
        var body = FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency);
        var modified = new DateTimeOffset(2024, 1, 10, 14, 0, 0, TimeSpan.Zero);
        _server.Serve("/fr/bis.json", body, Json, "\"same\"", modified);
        _server.Serve("/fr/bis-v2.json", body, Json, "\"same\"", modified);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using (var first = await StartAsync())
        {
            await first.PollAsync("fr-bis");
        }

        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis-v2.json"));
        await using var second = await StartAsync();
        var report = await second.PollAsync("fr-bis");

        var request = _server.Requests.Last();
        Assert.Equal("/fr/bis-v2.json", request.Path);
        Assert.Equal("", request.IfNoneMatch);
        Assert.Equal("", request.IfModifiedSince);
        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(0, report.New);
        var state = await second.Store.GetFeedStateAsync(new FeedId("fr-bis"), Fixtures.Timeout());
        Assert.Equal(_server.Url("/fr/bis-v2.json").AbsoluteUri, state.Url);
        Assert.Equal("\"same\"", state.ETag);
    }

    [Fact]
    public async Task Restart_SameUrl_ValidatorsKept()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"same\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using (var first = await StartAsync())
        {
            await first.PollAsync("fr-bis");
        }

        await using var second = await StartAsync();
        var report = await second.PollAsync("fr-bis");

        Assert.Equal("\"same\"", _server.Requests.Last().IfNoneMatch);
        Assert.Equal(PollOutcome.NotModified, report.Outcome);
    }

    [Fact]
    public async Task Poll_UrlEditedWhileTheOldOneBackedOff_NewUrlPolledAtOnce()
    {
        _server.Fail("/fr/wrong.json", 404);
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/wrong.json"));
        await using (var first = await StartAsync())
        {
            await first.PollAsync("fr-bis");
        }

        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var second = await StartAsync();
        var report = await second.Poller.PollAsync(second.Feed("fr-bis"), ignoreBackoff: false, Fixtures.Timeout());

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(BisDocuments.Length, report.New);
    }

    [Fact]
    public async Task Poll_ChangedTitle_ExactlyOneChangedAlertNamingTheField()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"bis-1\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await StartAsync();
        await host.PollAsync("fr-bis");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        var changed = FederalRegisterBodies.Documents(
            d => BisDocuments.Contains((string?)d["document_number"]),
            d =>
            {
                if ((string?)d["document_number"] == "2024-00422")
                {
                    d["title"] = "Sensors and Instrumentation Technical Advisory Committee; Notice of Closed Meeting";
                }
            });
        _server.Serve("/fr/bis.json", changed, Json, "\"bis-2\"");
        var report = await host.PollAsync("fr-bis");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(1, report.Changed);
        Assert.Equal(0, report.New);
        Assert.Equal(1, report.AlertsQueued);
        var output = host.Console.ToString();
        Assert.Single(Occurrences(output, " Changed · fr-bis · fr:2024-00422"));
        Assert.Contains("changed title: Sensors and Instrumentation Technical Advisory Committee; Notice of Open Meeting → Sensors and Instrumentation Technical Advisory Committee; Notice of Closed Meeting", output, StringComparison.Ordinal);
        Assert.Equal(2, await host.Store.CountRevisionsAsync(ItemKey.FederalRegister("2024-00422"), Fixtures.Timeout()));
    }

    [Fact]
    public async Task Restart_SameDatabaseAndSameDocuments_NoDuplicateAlerts()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"bis-1\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using (var first = await StartAsync())
        {
            await first.PollAsync("fr-bis");
            await first.Dispatcher.DrainAsync(Fixtures.Timeout());
        }

        // Same documents, different bytes and validator: the body is parsed and diffed again.
        var reformatted = JsonNode.Parse(FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency))!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        _server.Serve("/fr/bis.json", reformatted, Json, "\"bis-restarted\"");
        await using var second = await StartAsync();
        var report = await second.PollAsync("fr-bis");
        await second.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(0, report.New + report.Changed + report.AlertsQueued);
        Assert.Equal("", second.Console.ToString());
        Assert.Equal(BisDocuments.Length, (await second.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Sent);
    }

    [Fact]
    public async Task SameDocumentThroughTwoFeeds_OneItemAndOneAlertPerChannel()
    {
        var both = FederalRegisterBodies.ByNumber("2024-00190", "2024-00273");
        _server.Serve("/fr/bis.json", both, Json);
        _server.Serve("/fr/ofac.json", both, Json);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        _feeds.Add("fr-ofac", "federal-register", _server.Url("/fr/ofac.json"));
        await using var host = await StartAsync();
        var ofacOnly = await host.Store.EnsureChannelAsync(ChannelKey.Console("ofac-only"), "ofac-only", Fixtures.Timeout());
        await host.Store.AddSubscriptionAsync(ofacOnly, "fr-ofac", Tester, Fixtures.Timeout());

        var viaBis = await host.PollAsync("fr-bis");
        var viaOfac = await host.PollAsync("fr-ofac");

        Assert.True(viaBis.New == 2, $"{viaBis.Outcome} {viaBis.Error} failed items {viaBis.FailedItems}");
        Assert.Equal(2, viaBis.AlertsQueued);
        Assert.Equal(0, viaOfac.New);
        Assert.Equal(2, viaOfac.AlertsQueued);
        Assert.Equal(1, await host.Store.CountRevisionsAsync(ItemKey.FederalRegister("2024-00190"), Fixtures.Timeout()));
        Assert.Equal(4, (await host.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Pending);
    }

    [Fact]
    public async Task FeedHostAnswers500_ThatFeedFailsAloneAndBacksOff()
    {
        _server.Fail("/broken.json", 500);
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json);
        _feeds.Add("broken", "federal-register", _server.Url("/broken.json"));
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await StartAsync();

        var broken = await host.PollAsync("broken");
        var healthy = await host.PollAsync("fr-bis");

        Assert.Equal(PollOutcome.Failed, broken.Outcome);
        Assert.Contains("HTTP 500", broken.Error, StringComparison.Ordinal);
        Assert.Equal(PollOutcome.Polled, healthy.Outcome);
        Assert.Equal(BisDocuments.Length, healthy.AlertsQueued);
        var state = await host.Store.GetFeedStateAsync(new FeedId("broken"), Fixtures.Timeout());
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.NotNull(state.RetryAfter);
        var skipped = await host.Poller.PollAsync(host.Feed("broken"), ignoreBackoff: false, Fixtures.Timeout());
        Assert.Equal(PollOutcome.SkippedBackingOff, skipped.Outcome);
        Assert.Equal(1, _server.CountRequests("/broken.json"));
    }

    [Theory]
    [InlineData("<html><head><title>Federal Register :: Request Access</title></head><body>Request access</body></html>", "text/html")]
    [InlineData("\u0001\u0002 not json at all", "application/json")]
    [InlineData("{\"results\": 42}", "application/json")]
    public async Task FeedHostAnswersGarbage_PollFailsWithOneLineNamingTheFeed(string body, string contentType)
    {
        _server.Serve("/garbage.json", body, contentType);
        _feeds.Add("garbage", "federal-register", _server.Url("/garbage.json"));
        await using var host = await StartAsync();

        var report = await host.PollAsync("garbage");

        Assert.Equal(PollOutcome.Failed, report.Outcome);
        Assert.Contains("garbage", report.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', report.Error!);
        Assert.Equal(0, (await host.Store.GetOutboxCountsAsync(Fixtures.Timeout())).Pending);
    }

    [Fact]
    public async Task FeedHostHangs_PollFailsWithTimeoutAndOtherFeedsGoOn()
    {
        _server.Hang("/slow.json");
        _feeds.Add("slow", "federal-register", _server.Url("/slow.json"));
        await using var host = await StartAsync(settings: new() { ["PolicyWatch:Feeds:Timeout"] = "00:00:02" });

        var report = await host.PollAsync("slow");

        Assert.Equal(PollOutcome.Failed, report.Outcome);
        Assert.Contains("within 2 s", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_EveryDocumentOnFirstPageNew_FollowsNextPageOnSameHost()
    {
        var page2 = _server.Url("/api/v1/documents.json?page=2").AbsoluteUri;
        _server.Serve("/fr/page1.json", FederalRegisterBodies.Documents(d => (string?)d["document_number"] == "2024-00190", nextPageUrl: page2), Json, "\"p1\"");
        _server.Serve("/api/v1/documents.json", FederalRegisterBodies.ByNumber("2024-00359", "2024-00422"), Json);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/page1.json"));
        await using var host = await StartAsync();

        var first = await host.PollAsync("fr-bis");

        Assert.Equal(3, first.New);
        Assert.Equal(1, _server.CountRequests("/api/v1/documents.json"));

        // Next poll: page 1 holds a known document, so the older pages are not read again.
        _server.Serve("/fr/page1.json", FederalRegisterBodies.Documents(d => (string?)d["document_number"] is "2024-00190" or "2024-00582", nextPageUrl: page2), Json, "\"p2\"");
        var second = await host.PollAsync("fr-bis");

        Assert.Equal(1, second.New);
        Assert.Equal(1, _server.CountRequests("/api/v1/documents.json"));
    }

    [Fact]
    public async Task Poll_ZeroItemsAfterItems_RecordsHealthWarning()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"a\"");
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await StartAsync();
        await host.PollAsync("fr-bis");

        _server.Serve("/fr/bis.json", FederalRegisterBodies.Empty, Json, "\"b\"");
        var report = await host.PollAsync("fr-bis");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        var state = await host.Store.GetFeedStateAsync(new FeedId("fr-bis"), Fixtures.Timeout());
        Assert.Contains("zero items", state.Warning, StringComparison.Ordinal);
        Assert.Equal(0, state.ConsecutiveFailures);

        // The empty answer again (304): still a warning. Items again: the warning clears.
        Assert.Equal(PollOutcome.NotModified, (await host.PollAsync("fr-bis")).Outcome);
        Assert.Equal(state.Warning, (await host.Store.GetFeedStateAsync(new FeedId("fr-bis"), Fixtures.Timeout())).Warning);
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json, "\"c\"");
        await host.PollAsync("fr-bis");
        Assert.Null((await host.Store.GetFeedStateAsync(new FeedId("fr-bis"), Fixtures.Timeout())).Warning);
    }

    [Fact]
    public async Task PublicInspectionThenPublication_PublishedAlertPointsBackToFirst()
    {
        _server.Serve("/pi/current.json", PublicInspectionList("2024-00190"), Json);
        _server.Serve("/fr/bis.json", FederalRegisterBodies.ByNumber("2024-00190"), Json);
        _feeds.Add("fr-pi", "federal-register-public-inspection", _server.Url("/pi/current.json"));
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await StartAsync();

        var early = await host.PollAsync("fr-pi");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());
        var firstAlert = host.Console.ToString().Split(' ')[1];
        var onInspection = host.Console.ToString();
        var published = await host.PollAsync("fr-bis");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(1, early.New);
        Assert.Equal(1, published.Changed);
        Assert.Equal(1, published.AlertsQueued);
        var output = host.Console.ToString();
        Assert.Contains(" Published · fr-bis · fr:2024-00190", output, StringComparison.Ordinal);
        Assert.Contains("follows " + firstAlert, output, StringComparison.Ordinal);
        Assert.Contains($"   ↳ {firstAlert} · PW-", output, StringComparison.Ordinal);
        Assert.Contains($"── {firstAlert} in #", output, StringComparison.Ordinal);
        Assert.Contains(": now: Published 2024-01-09", output, StringComparison.Ordinal);
        Assert.StartsWith("PW-", firstAlert, StringComparison.Ordinal);
        Assert.Contains("New · fr-pi · fr:2024-00190 → #console\n", onInspection, StringComparison.Ordinal);
        Assert.Contains(" · filed for public inspection on 2024-01-08, to be published on 2024-01-09", onInspection, StringComparison.Ordinal);
        Assert.DoesNotContain("published 2024-01-09", onInspection, StringComparison.Ordinal);
        Assert.Contains(" · published 2024-01-09", output[onInspection.Length..], StringComparison.Ordinal);

        // Still listed on public inspection afterwards: the past catching up, not a revision.
        var again = await host.PollAsync("fr-pi");
        Assert.Equal(0, again.Changed + again.AlertsQueued);
    }

    [Fact]
    public async Task ConsoleFeedsNone_ConfiguredConsoleChannelSwitchedOffAndGetsNoAlerts()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using (var before = await StartAsync())
        {
            Assert.NotEmpty(await before.Store.GetSubscriptionsAsync(await ConsoleChannelAsync(before), Fixtures.Timeout()));
        }

        await using var host = await StartAsync(settings: new() { ["PolicyWatch:Console:Feeds"] = "none" });
        var report = await host.PollAsync("fr-bis");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Empty(await host.Store.GetSubscriptionsAsync(await ConsoleChannelAsync(host), Fixtures.Timeout()));
        Assert.Equal(BisDocuments.Length, report.New);
        Assert.Equal(0, report.AlertsQueued);
        Assert.Equal("", host.Console.ToString());
    }

    [Fact]
    public async Task ConsoleFeedsNoneBesideAFeed_StartRefusedNamingTheKey()
    {
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings: new() { ["PolicyWatch:Console:Feeds"] = "none,fr-bis" }));

        Assert.Contains("PolicyWatch:Console:Feeds is 'none, fr-bis'; 'none' switches the console channel off and takes no feeds beside it", refused.Message, StringComparison.Ordinal);
    }

    private static Task<long> ConsoleChannelAsync(PipelineHost host) =>
        host.Store.EnsureChannelAsync(ChannelKey.Console("console"), "console", Fixtures.Timeout());

    [Fact]
    public async Task Poll_ChannelHasAStoredRuleTheParserRefuses_OtherRulesStillMatch()
    {
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json);
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        await using var host = await StartAsync();
        var channel = await host.Store.EnsureChannelAsync(ChannelKey.Console("analysts"), "analysts", Fixtures.Timeout());
        await host.Store.AddSubscriptionAsync(channel, "fr-bis", Tester, Fixtures.Timeout());
        await host.Store.UpsertRuleAsync(channel, new("legacy", "(unclosed"), Tester, Fixtures.Timeout());
        await host.Store.UpsertRuleAsync(channel, new("committees", "title:committee"), Tester, Fixtures.Timeout());

        var report = await host.PollAsync("fr-bis");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(BisDocuments.Length + 1, report.AlertsQueued);
    }

    private static string PublicInspectionList(string documentNumber) => new JsonObject
    {
        ["count"] = 1,
        ["results"] = new JsonArray(new JsonObject
        {
            ["document_number"] = documentNumber,
            ["title"] = "Notice of Reestablishment of the President's Export Council Subcommittee on Export Administration",
            ["type"] = "Notice",
            ["agencies"] = new JsonArray(new JsonObject { ["raw_name"] = "DEPARTMENT OF COMMERCE", ["name"] = "Commerce Department" }, new JsonObject { ["raw_name"] = "Bureau of Industry and Security", ["name"] = "Industry and Security Bureau" }),
            ["agency_names"] = new JsonArray("Commerce Department", "Industry and Security Bureau"),
            ["docket_numbers"] = new JsonArray(),
            ["filed_at"] = "2024-01-08T08:45:00.000-05:00",
            ["filing_type"] = "regular",
            ["publication_date"] = "2024-01-09",
            ["html_url"] = "https://www.federalregister.gov/public-inspection/2024-00190/notice",
            ["pdf_url"] = "https://public-inspection.federalregister.gov/2024-00190.pdf",
            ["pdf_updated_at"] = "2024-01-08T08:45:00.000-05:00",
            ["editorial_note"] = null,
            ["num_pages"] = 1,
        }),
    }.ToJsonString();

    private Task<PipelineHost> StartAsync(Dictionary<string, string?>? rules = null, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        foreach (var (name, expression) in rules ?? [])
        {
            all["PolicyWatch:Console:Rules:" + name] = expression;
        }

        return PipelineHost.StartAsync(_db, _feeds.Path, all);
    }

    private static List<int> Occurrences(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }
}
