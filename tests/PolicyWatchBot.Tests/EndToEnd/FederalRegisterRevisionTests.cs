using System.Text.Json.Nodes;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.EndToEnd;

/// <summary>
/// A real significant rule of the fixture polled from a loopback host: matched by <c>rin:</c> and
/// <c>significant:true</c>, shown with its RIN apart from its docket, and revised when the
/// Federal Register lists a correction or a new RIN.
/// </summary>
public sealed class FederalRegisterRevisionTests : IAsyncLifetime
{
    private const string Json = "application/json";
    private const string Number = "2023-27783";

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _feeds.Add("fr-fmc", "federal-register", _server.Url("/fr/fmc.json"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    private static string Body(Action<JsonObject>? edit = null) =>
        FederalRegisterBodies.Documents(d => (string?)d["document_number"] == Number, edit);

    private Task<PipelineHost> StartAsync() => PipelineHost.StartAsync(_db, _feeds.Path, new Dictionary<string, string?>
    {
        ["PolicyWatch:Console:Rules:tariffs"] = "rin:3072-AC86 significant:true topic:freight",
    });

    [Fact]
    public async Task Poll_SignificantRule_MatchesByRinAndShowsItApartFromTheDocket()
    {
        _server.Serve("/fr/fmc.json", Body(), Json);
        await using var host = await StartAsync();

        var report = await host.PollAsync("fr-fmc");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(1, report.AlertsQueued);
        var output = host.Console.ToString();
        Assert.Contains("Rule (significant) · ", output, StringComparison.Ordinal);
        Assert.Contains(" · docket Docket No. FMC-2022-0067 · RIN 3072-AC86", output, StringComparison.Ordinal);
        Assert.DoesNotContain("docket Docket No. FMC-2022-0067, 3072-AC86", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_CorrectionListedLater_OneChangedAlertNamingIt()
    {
        _server.Serve("/fr/fmc.json", Body(), Json);
        await using var host = await StartAsync();
        await host.PollAsync("fr-fmc");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        _server.Serve("/fr/fmc.json", Body(d => d["corrections"] = new JsonArray("https://www.federalregister.gov/api/v1/documents/C1-2023-27783")), Json);
        var report = await host.PollAsync("fr-fmc");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(1, report.Changed);
        Assert.Equal(1, report.AlertsQueued);
        Assert.Contains("changed corrections: (none) → C1-2023-27783", host.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await host.Store.CountRevisionsAsync(ItemKey.FederalRegister(Number), Fixtures.Timeout()));
    }

    [Fact]
    public async Task Poll_SameAnswerAgain_NoRevision()
    {
        _server.Serve("/fr/fmc.json", Body(), Json);
        await using var host = await StartAsync();
        await host.PollAsync("fr-fmc");

        _server.Serve("/fr/fmc.json", Body(d => d["page_views"] = new JsonObject { ["count"] = 999 }), Json);
        var report = await host.PollAsync("fr-fmc");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(0, report.Changed);
        Assert.Equal(1, await host.Store.CountRevisionsAsync(ItemKey.FederalRegister(Number), Fixtures.Timeout()));
    }
}
