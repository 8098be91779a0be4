using System.Text;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Secrets;

/// <summary>
/// A feed that needs an API key, polled over loopback: the key (from PolicyWatch:Feeds:Secrets)
/// reaches the feed's own host, in the query and in a header, and nowhere else: not another host a
/// redirect or a detail link leads to, not a log line at trace level, not an error, not the database.
/// </summary>
public sealed class FeedSecretsTests : IAsyncLifetime
{
    private const string Key = "k3y+Secr3t/ValUe=";
    private static readonly string EscapedKey = Uri.EscapeDataString(Key);

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly RecordingLoggerProvider _logs = new();
    private FakeFeedServer _api = null!;
    private FakeFeedServer _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeFeedServer.StartAsync();
        _elsewhere = await FakeFeedServer.StartAsync();
        _feeds.Add("congress-bills", "json-list", new Uri(_api.Url("/v3/bill").AbsoluteUri + "?format=json&api_key={secret:DATA_GOV}"), extra: """
            "headers": { "X-Api-Key": "{secret:DATA_GOV}" },
              "json": { "items": "bills", "id": "{congress}-{number}", "title": "title", "link": "url", "nextPage": "pagination.next" }
            """);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _elsewhere.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    private static string Bills(int first, int count, string? next = null, string? linkBase = null)
    {
        var bills = Enumerable.Range(first, count).Select(n =>
            $"{{\"congress\": 119, \"number\": \"{n}\", \"title\": \"Chip Security Act {n}\", \"url\": \"{linkBase ?? "https://www.congress.gov/bill/119/hr/"}{n}\"}}");
        var pagination = next is null ? "{\"count\": 3}" : $"{{\"count\": 3, \"next\": \"{next}\"}}";
        return $"{{\"bills\": [{string.Join(',', bills)}], \"pagination\": {pagination}}}";
    }

    private Task<PipelineHost> StartAsync(string? key = Key) => PipelineHost.StartAsync(
        _db, _feeds.Path, new Dictionary<string, string?> { ["PolicyWatch:Feeds:Secrets:DATA_GOV"] = key }, logs: _logs);

    [Fact]
    public async Task Poll_KeyedFeed_KeyInTheQueryAndTheHeaderOfEveryPage()
    {
        _api.Serve("/v3/bill", Bills(1, 2, next: _api.Url("/v3/bill-page").AbsoluteUri + "?offset=2&format=json"), "application/json");
        _api.Serve("/v3/bill-page", Bills(3, 1), "application/json");
        await using var host = await StartAsync();

        var report = await host.PollAsync("congress-bills");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        var requests = _api.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(Key, r.Header("X-Api-Key")));
        Assert.Contains("api_key=" + EscapedKey, requests[0].Query, StringComparison.Ordinal);
        Assert.Contains("offset=2", requests[1].Query, StringComparison.Ordinal);
        Assert.Contains("api_key=" + EscapedKey, requests[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_RedirectToAnotherHost_SendsItNeitherHeaderNorKey()
    {
        _api.Redirect("/v3/bill", _elsewhere.Url("/moved.json").AbsoluteUri);
        _elsewhere.Serve("/moved.json", Bills(1, 1), "application/json");
        await using var host = await StartAsync();

        var report = await host.PollAsync("congress-bills");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        var moved = Assert.Single(_elsewhere.Requests);
        Assert.Null(moved.Header("X-Api-Key"));
        Assert.DoesNotContain(EscapedKey, moved.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, moved.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_RedirectOnTheSameHost_KeepsTheKey()
    {
        _api.Redirect("/v3/bill", "/v3/bill-moved?format=json&api_key=" + EscapedKey);
        _api.Serve("/v3/bill-moved", Bills(1, 1), "application/json");
        await using var host = await StartAsync();

        var report = await host.PollAsync("congress-bills");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(Key, _api.Requests.Last().Header("X-Api-Key"));
    }

    [Fact]
    public async Task Polls_FailureRedirectAndSuccess_KeyInNoLogNoErrorNoStoredRow()
    {
        await using (var host = await StartAsync())
        {
            _api.Fail("/v3/bill", 500);
            var failed = await host.PollAsync("congress-bills");
            Assert.Equal(PollOutcome.Failed, failed.Outcome);
            Assert.DoesNotContain(Key, failed.Error!, StringComparison.Ordinal);
            Assert.DoesNotContain(EscapedKey, failed.Error!, StringComparison.Ordinal);

            // The answer links back to the API with the key in it, and redirects through it: all is stored without it.
            _api.Redirect("/v3/bill", "/v3/bill-moved?format=json&api_key=" + EscapedKey);
            _api.Serve("/v3/bill-moved", Bills(1, 2, linkBase: _api.Url("/v3/bill/").AbsoluteUri + "?api_key=" + EscapedKey + "&n="), "application/json");
            var polled = await host.PollAsync("congress-bills");
            Assert.Equal(PollOutcome.Polled, polled.Outcome);
            await host.Dispatcher.DrainAsync(Fixtures.Timeout());

            var state = await host.Store.GetFeedStateAsync(new("congress-bills"), Fixtures.Timeout());
            Assert.DoesNotContain(Key, state.LastError ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(Key, host.Console.ToString(), StringComparison.Ordinal);
        }

        Assert.NotEmpty(_logs.Lines);
        Assert.Contains(_logs.Lines, l => l.Contains("/v3/bill", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(Key, StringComparison.Ordinal) || l.Contains(EscapedKey, StringComparison.OrdinalIgnoreCase));
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_db.Folder, "policywatch.db*"))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, Fixtures.Timeout()));
            Assert.Contains("Chip Security Act", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(EscapedKey, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Poll_UserAgentHeader_ReplacesTheDefaultAndReachesTheListedHostOfTheDetailPages()
    {
        _feeds.Add("edgar-test", "json-list", _api.Url("/submissions.json"), extra: $$"""
            "headers": { "User-Agent": "{secret:SEC_USER_AGENT}" },
              "headerHosts": ["localhost"],
              "json": { "items": "filings", "id": "id", "title": "title", "link": "http://localhost:{{_elsewhere.BaseAddress.Port}}/doc/{id}.htm" },
              "detail": { "text": "//main" }
            """);
        _api.Serve("/submissions.json", """{"filings": [{"id": "0001", "title": "10-K"}]}""", "application/json");
        _elsewhere.Serve("/doc/0001.htm", "<html><body><main>Risk factors: export controls</main></body></html>", "text/html");
        await using var host = await PipelineHost.StartAsync(_db, _feeds.Path, new Dictionary<string, string?>
        {
            ["PolicyWatch:Feeds:Secrets:SEC_USER_AGENT"] = "Acme Compliance compliance@acme.example",
        });

        var report = await host.PollAsync("edgar-test");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal("Acme Compliance compliance@acme.example", Assert.Single(_api.Requests).UserAgent);
        Assert.Equal("Acme Compliance compliance@acme.example", Assert.Single(_elsewhere.Requests).UserAgent);
    }

    [Fact]
    public async Task Poll_SecretNotConfigured_NotPolledAndSaysWhichKeyIsMissing()
    {
        _api.Serve("/v3/bill", Bills(1, 1), "application/json");
        await using var host = await StartAsync(key: null);

        var report = await host.PollAsync("congress-bills");

        Assert.Equal(PollOutcome.NeedsSecret, report.Outcome);
        Assert.False(report.Succeeded);
        Assert.Equal("feed congress-bills: not polled: needs PolicyWatch:Feeds:Secrets:DATA_GOV", report.Error);
        Assert.Empty(_api.Requests);
    }
}
