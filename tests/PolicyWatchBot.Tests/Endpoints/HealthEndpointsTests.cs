using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Observability;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Endpoints;

/// <summary>The real <c>run</c> host (Quartz, dispatcher, Kestrel) answering /healthz and /metrics.</summary>
public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();
    private FakeFeedServer _server = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Fail("/down.json", 502);
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _feeds.Add("down", "federal-register", _server.Url("/down.json"));
        _feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false);
        await _app.StartAsync(Fixtures.Timeout());
        await SchedulerStarted.WaitAsync(_app.Services, TimeSpan.FromSeconds(30));
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(Fixtures.Timeout());
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Healthz_BeforeAnyPoll_HealthyWithFeedsPending()
    {
        using var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative), Fixtures.Timeout());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout())).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("running", body.GetProperty("scheduler").GetString());
        Assert.All(body.GetProperty("feeds").EnumerateArray(), f => Assert.Equal("pending", f.GetProperty("status").GetString()));
        // Unconfigured: the host name and process id; on SQLite it runs alone.
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", body.GetProperty("instance").GetProperty("id").GetString());
        Assert.False(body.GetProperty("instance").GetProperty("clustered").GetBoolean());
        Assert.Equal("ok", body.GetProperty("store").GetString());
    }

    [Fact]
    public async Task InstanceId_Configured_NamedOnHealthzAndOnTheClaimsMetric()
    {
        using var db = new TempSqliteDatabase();
        await using var app = WorkerApp.Build(db, _feeds.Path, _console, pollOnStart: false, "--PolicyWatch:InstanceId=bot-a");
        await app.StartAsync(Fixtures.Timeout());
        await SchedulerStarted.WaitAsync(app.Services, TimeSpan.FromSeconds(30));
        var store = app.Services.GetRequiredService<IStore>();
        var console = await StoreTestData.ConsoleChannelAsync(store);
        await StoreTestData.EnqueueAsync(store, console, StoreTestData.Items(1));
        app.Services.GetRequiredService<PolicyWatchBot.Delivery.OutboxSignal>().Notify();
        await store.UntilSentAsync(1);

        var (status, body) = await HealthAsync(Address(app));
        using var response = await _client.GetAsync(new Uri(Address(app), "/metrics"), Fixtures.Timeout());
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout()));
        await app.StopAsync(Fixtures.Timeout());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bot-a", body.GetProperty("instance").GetProperty("id").GetString());
        Assert.True(scrape["policywatch_claims_total"].Value(("instance_id", "bot-a")) >= 1);
        Assert.Equal(0, scrape["policywatch_lease_expiries_total"].Value(("instance_id", "bot-a")));
    }

    [Fact]
    public async Task Healthz_PostsParked_ListsTheChannelReasonAndCount()
    {
        var store = _app.Services.GetRequiredService<IStore>();
        var slack = new ChannelKey("slack", "T1", "C42");
        var channel = await store.EnsureChannelAsync(slack, "#export-controls", Fixtures.Timeout());
        await StoreTestData.EnqueueAsync(store, channel, StoreTestData.Items(2));
        var now = TimeProvider.System.GetUtcNow();

        // The worker's dispatcher may hold one for a moment (it has no Slack sink and retries); park until both are.
        while ((await store.GetOutboxCountsAsync(Fixtures.Timeout())).Parked < 2)
        {
            await store.ParkPendingAsync(slack, ParkScope.Platform, now.AddHours(1), "invalid_auth: fix PolicyWatch:Slack:BotToken", now, Fixtures.Timeout());
        }

        using var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative), Fixtures.Timeout());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout())).RootElement;

        var parked = Assert.Single(body.GetProperty("parked").EnumerateArray());
        Assert.Equal("slack/T1/C42", parked.GetProperty("channel").GetString());
        Assert.Equal("#export-controls", parked.GetProperty("channelName").GetString());
        Assert.Equal("invalid_auth: fix PolicyWatch:Slack:BotToken", parked.GetProperty("reason").GetString());
        Assert.Equal(2, parked.GetProperty("count").GetInt64());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_AfterAFeedFails_NamesTheFailingFeedAndItsError()
    {
        await PollAsync("down");
        await PollAsync("fr-bis");

        using var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative), Fixtures.Timeout());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout())).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal(["down"], body.GetProperty("failingFeeds").EnumerateArray().Select(e => e.GetString()));
        var down = body.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "down");
        Assert.Contains("HTTP 502", down.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, down.GetProperty("consecutiveFailures").GetInt32());
        var bis = body.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "fr-bis");
        Assert.Equal("ok", bis.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_EveryFeedPolledWell_Healthy()
    {
        await PollAsync("fr-bis");

        var (status, body) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("refusedFeedFiles").EnumerateArray());
    }

    [Fact]
    public async Task Healthz_AFeedWarns_Degraded()
    {
        await PollAsync("fr-bis");
        _server.Serve("/fr/bis.json", """{"count":0,"results":[]}""", "application/json");
        await PollAsync("fr-bis");

        var (status, body) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal("warning", body.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "fr-bis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_AFeedFileRefused_DegradedAndListsTheFileWithTheReason()
    {
        using var feeds = new FeedFolder();
        feeds.Add("fr-bis", "federal-register", _server.Url("/fr/bis.json"));
        feeds.Add("broken", "federal-register", _server.Url("/fr/bis.json"), extra: "\"tags\": [\"Not Lower\"]");
        using var db = new TempSqliteDatabase();
        await using var app = WorkerApp.Build(db, feeds.Path, _console, pollOnStart: false);
        await app.StartAsync(Fixtures.Timeout());
        await SchedulerStarted.WaitAsync(app.Services, TimeSpan.FromSeconds(30));
        await app.Services.GetRequiredService<IFeedPoller>().PollAsync(app.Services.GetRequiredService<FeedCatalog>().Find("fr-bis")!, ignoreBackoff: true, Fixtures.Timeout());

        var (status, body) = await HealthAsync(Address(app));
        await app.StopAsync(Fixtures.Timeout());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var refused = Assert.Single(body.GetProperty("refusedFeedFiles").EnumerateArray());
        Assert.Equal(Path.Combine(Path.GetFileName(feeds.Path), "broken.json"), refused.GetProperty("file").GetString());
        Assert.StartsWith("tags", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_SchedulerInStandby_Unhealthy503WithTheFullBody()
    {
        var scheduler = await _app.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(Fixtures.Timeout());
        await scheduler.Standby(Fixtures.Timeout());

        var (status, body) = await HealthAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("stopped", body.GetProperty("scheduler").GetString());
        Assert.Equal(2, body.GetProperty("feeds").GetArrayLength());
    }

    [Fact]
    public async Task Healthz_StoreBroken_Unhealthy503()
    {
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync(Fixtures.Timeout());
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE schema_version";
            await drop.ExecuteNonQueryAsync(Fixtures.Timeout());
        }

        var (status, body) = await HealthAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("unreachable", body.GetProperty("store").GetString());
    }

    [Fact]
    public async Task Metrics_AfterPolls_PrometheusTextWithCountersGaugesAndPollDurations()
    {
        await PollAsync("down");
        await PollAsync("fr-bis");

        var scrape = await ScrapeAsync();

        Assert.Equal("counter", scrape["policywatch_polls_total"].Type);
        Assert.Equal(1, scrape["policywatch_polls_total"].Value(("feed", "down"), ("outcome", "Failed")));
        Assert.Equal(1, scrape["policywatch_polls_total"].Value(("feed", "fr-bis"), ("outcome", "Polled")));
        Assert.Equal(4, scrape["policywatch_items_new_total"].Value(("feed", "fr-bis")));
        Assert.Equal(0, scrape["policywatch_items_changed_total"].Value(("feed", "fr-bis")));
        Assert.Equal(4, scrape["policywatch_alerts_queued_total"].Value(("feed", "fr-bis")));
        Assert.Equal("gauge", scrape["policywatch_feed_consecutive_failures"].Type);
        Assert.Equal(1, scrape["policywatch_feed_consecutive_failures"].Value(("feed", "down")));
        Assert.Equal(0, scrape["policywatch_feed_consecutive_failures"].Value(("feed", "fr-bis")));
        Assert.Equal("gauge", scrape["policywatch_outbox_alerts"].Type);
        Assert.Equal(
            ["failed", "grouped", "muted", "parked", "pending", "sent"],
            scrape["policywatch_outbox_alerts"].Samples.Select(s => s.Labels["status"]).Order(StringComparer.Ordinal));
        Assert.Equal(0, scrape["policywatch_outbox_alerts"].Value(("status", "grouped")));
        Assert.Equal(0, scrape["policywatch_outbox_digests_pending"].Value());
        var durations = scrape["policywatch_poll_duration_seconds"];
        Assert.Equal("histogram", durations.Type);
        Assert.Equal(1, durations.Value("policywatch_poll_duration_seconds_count", ("feed", "fr-bis")));
        Assert.Equal(1, durations.Value("policywatch_poll_duration_seconds_count", ("feed", "down")));
        Assert.InRange(durations.Value("policywatch_poll_duration_seconds_sum", ("feed", "fr-bis")), 0, 60);
        Assert.Equal(1, durations.Value("policywatch_poll_duration_seconds_bucket", ("feed", "fr-bis"), ("le", "120")));
    }

    [Fact]
    public async Task Metrics_AlertsDelivered_SentCountDeliveryLatencyAndAlertAge()
    {
        using var ages = TestMetrics.Collect<double>(_app.Services.GetRequiredService<IMeterFactory>(), "policywatch_alert_age");
        await PollAsync("fr-bis");
        await ages.WaitForMeasurementsAsync(4, TimeSpan.FromSeconds(30));

        var scrape = await ScrapeAsync();

        Assert.Equal(4, scrape["policywatch_alerts_sent_total"].Value(("feed", "fr-bis"), ("platform", "console")));
        var latency = scrape["policywatch_delivery_latency_seconds"];
        Assert.Equal("histogram", latency.Type);
        Assert.Equal(4, latency.Value("policywatch_delivery_latency_seconds_count", ("platform", "console")));
        Assert.Equal(4, latency.Value("policywatch_delivery_latency_seconds_bucket", ("platform", "console"), ("le", "86400")));
        var age = scrape["policywatch_alert_age_seconds"];
        Assert.Equal("histogram", age.Type);
        Assert.Equal(4, age.Value("policywatch_alert_age_seconds_count", ("feed", "fr-bis")));

        // The fixture's documents were published in January 2024: older than the last bucket, a week.
        Assert.Equal(0, age.Value("policywatch_alert_age_seconds_bucket", ("feed", "fr-bis"), ("le", "604800")));
        Assert.True(age.Value("policywatch_alert_age_seconds_sum", ("feed", "fr-bis")) > 4 * 365 * 86400.0);
    }

    [Fact]
    public async Task Metrics_EveryNameTheReadmeLists_ExportedUnderThatName()
    {
        var metrics = _app.Services.GetRequiredService<PolicyWatchMetrics>();
        metrics.PollCompleted("fr-bis", "Polled", TimeSpan.FromSeconds(1));
        metrics.ItemsDiffed("fr-bis", 1, 1);
        metrics.AlertsQueued("fr-bis", 1);
        metrics.AlertSent("slack", "fr-bis", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        metrics.AlertFailed("slack", "fr-bis");
        metrics.AlertRetried("slack", "fr-bis");
        metrics.CommandHandled("slack", "status", "Done");
        // Claims are counted only once the dispatcher claims something, which this test does not wait for.
        metrics.PostsClaimed("test-instance", 1, 1);
        await PollAsync("down");

        var scrape = await ScrapeAsync();

        var readme = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));
        // The lists of counters, gauges and histograms (the text around them names instruments, not series).
        var section = readme[readme.IndexOf("  - counters:", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("- **OTLP**", StringComparison.Ordinal)];
        var listed = System.Text.RegularExpressions.Regex.Matches(section, @"`(policywatch_[a-z_]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(listed.Count >= 14, string.Join(", ", listed));
        foreach (var name in listed)
        {
            Assert.True(scrape.Families.ContainsKey(name), $"README lists {name}; /metrics has {string.Join(", ", scrape.Families.Keys)}");
        }

        Assert.All(listed.Where(n => n.EndsWith("_total", StringComparison.Ordinal)), n => Assert.Equal("counter", scrape[n].Type));
        Assert.All(listed.Where(n => n.EndsWith("_seconds", StringComparison.Ordinal)), n => Assert.Equal("histogram", scrape[n].Type));
    }

    [Fact]
    public async Task Worker_AfterAPoll_DispatcherPrintsAlertsWithoutBeingAsked()
    {
        await PollAsync("fr-bis");

        await _console.WaitForAsync("fr:2024-00422", TimeSpan.FromSeconds(30));

        Assert.Contains("fr:2024-00422", _console.ToString(), StringComparison.Ordinal);
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await _client.GetAsync(new Uri("/metrics", UriKind.Relative), Fixtures.Timeout());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout()));
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(Uri? address = null)
    {
        using var response = await _client.GetAsync(address is null ? new Uri("/healthz", UriKind.Relative) : new Uri(address, "/healthz"), Fixtures.Timeout());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout())).RootElement.Clone());
    }

    private Task<PollReport> PollAsync(string feed) =>
        _app.Services.GetRequiredService<IFeedPoller>().PollAsync(_app.Services.GetRequiredService<FeedCatalog>().Find(feed)!, ignoreBackoff: true, Fixtures.Timeout());
}
