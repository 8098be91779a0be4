using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;

namespace PolicyWatchBot.Tests.Feeds.Secrets;

/// <summary>
/// The <c>run</c> worker with one keyed feed whose key is configured and one whose key is not: the
/// second is not scheduled and /healthz says what it needs; the first one's failure shows no key.
/// </summary>
public sealed class FeedSecretsWorkerTests : IAsyncLifetime
{
    private const string Key = "worker-Secret-7731";

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();
    private FakeFeedServer _server = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Fail("/keyed.json", 503);
        const string Mapping = """ "json": { "items": "results", "id": "id", "title": "title" }""";
        _feeds.Add("keyed", "json-list", new Uri(_server.Url("/keyed.json").AbsoluteUri + "?api_key={secret:DATA_GOV}"), extra: Mapping);
        _feeds.Add("keyless", "json-list", new Uri(_server.Url("/keyless.json").AbsoluteUri + "?api_key={secret:OTHER_KEY}"), extra: Mapping);
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false, $"--PolicyWatch:Feeds:Secrets:DATA_GOV={Key}");
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
    public async Task Scheduler_FeedWithoutItsSecret_HasNoJob()
    {
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Fixtures.Timeout());

        var jobs = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PollFeedJob.Group), Fixtures.Timeout());

        Assert.Equal(["keyed"], jobs.Select(j => j.Name));
    }

    [Fact]
    public async Task Healthz_FeedWithoutItsSecret_SaysWhichKeyItNeeds()
    {
        var body = await HealthAsync();

        var keyless = Feed(body, "keyless");
        Assert.Equal("needs-secret", keyless.GetProperty("status").GetString());
        Assert.Equal("not polled: needs PolicyWatch:Feeds:Secrets:OTHER_KEY", keyless.GetProperty("warning").GetString());
        Assert.Equal("pending", Feed(body, "keyed").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_KeyedFeedFailed_ErrorShownWithoutTheKey()
    {
        var catalog = _app.Services.GetRequiredService<FeedCatalog>();
        var report = await _app.Services.GetRequiredService<IFeedPoller>().PollAsync(catalog.Find("keyed")!, ignoreBackoff: true, Fixtures.Timeout());
        Assert.Equal(PollOutcome.Failed, report.Outcome);
        Assert.Contains("api_key=" + Key, _server.Requests.Single().Query, StringComparison.Ordinal);

        var text = await _client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Fixtures.Timeout());

        Assert.Contains("HTTP 503", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }

    private async Task<JsonElement> HealthAsync() =>
        JsonDocument.Parse(await _client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Fixtures.Timeout())).RootElement;

    private static JsonElement Feed(JsonElement health, string id) =>
        health.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);
}
