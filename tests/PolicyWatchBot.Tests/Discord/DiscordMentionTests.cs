using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>
/// Urgent alerts and mentions on Discord, through the real worker: the role a manager attached to an
/// urgent rule is pinged on that rule's urgent alerts only (the one id <c>allowed_mentions</c> lets
/// through), and a feed title with <c>@everyone</c> pings no one.
/// </summary>
public sealed class DiscordMentionTests : IAsyncLifetime
{
    private const string Role = "777777777777777777";
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly DiscordSigner _signer = new();
    private FakeFeedServer _feedHost = null!;
    private FakeDiscordServer _discord = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _feedHost = await FakeFeedServer.StartAsync();
        _feedHost.Serve("/fr.json", FederalRegisterBodies.Documents(
            d => (string?)d["document_number"] is "2024-00190" or "2024-00359",
            d =>
            {
                if ((string?)d["document_number"] == "2024-00359")
                {
                    d["title"] = "@everyone @here <@&777777777777777777> read this";
                }
            }), "application/json");
        _feeds.Add("fr-bis", "federal-register", _feedHost.Url("/fr.json"));
        _discord = await FakeDiscordServer.StartAsync();
        await StartWorkerAsync();
        _http = new HttpClient(new SocketsHttpHandler());
    }

    private async Task StartWorkerAsync()
    {
        _app = WorkerApp.Build(_db, _feeds.Path, new StringWriter(), pollOnStart: false,
            [.. _discord.Settings(_signer.PublicKeyHex), "--PolicyWatch:Console:Feeds=#none", "--PolicyWatch:Dispatcher:IdlePoll=00:00:01", "--PolicyWatch:Dispatcher:Lease=00:00:05"]);
        await _app.StartAsync(Fixtures.Timeout());
    }

    /// <summary>
    /// Stops the worker and starts a new one on the same database and fakes, as a restart does. A post
    /// claimed when it stopped is given back as it stops, or taken again once its lease ends (5 s here,
    /// the shortest allowed).
    /// </summary>
    private async Task RestartAsync()
    {
        await _app.StopAsync(Fixtures.Timeout());
        await _app.DisposeAsync();
        await StartWorkerAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync(Fixtures.Timeout());
        await _app.DisposeAsync();
        await _discord.DisposeAsync();
        await _feedHost.DisposeAsync();
        _signer.Dispose();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task UrgentRuleWithARole_PingsOnlyOnItsUrgentAlertAndFeedTextPingsNobody()
    {
        var (added, notified) = await SetUpRulesAsync();

        await PollAsync();
        await _discord.WaitForAsync(f => f.Messages.Count == 2);

        Assert.Contains("added urgent rule", added["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"group {Role}", notified["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertMentionOnlyOnTheUrgentAlert();
    }

    [Fact]
    public async Task Mentions_AcrossRestartsBeforeThePollAndBeforeDelivery_KeptAndNothingDoubled()
    {
        await SetUpRulesAsync();

        await RestartAsync();
        var first = await PollAsync();
        await RestartAsync();
        await _discord.WaitForAsync(f => f.Messages.Count >= 2);
        await WaitUntilSentAsync(2);
        var second = await PollAsync();

        Assert.Equal(2, first.AlertsQueued);
        Assert.Equal(0, second.AlertsQueued);
        var counts = await _app.Services.GetRequiredService<IStore>().GetOutboxCountsAsync(Fixtures.Timeout());
        Assert.Equal((0L, 2L), (counts.Pending, counts.Sent));
        Assert.Equal(2, _discord.Messages.Count);
        AssertMentionOnlyOnTheUrgentAlert();
    }

    private async Task<(JsonObject Added, JsonObject Notified)> SetUpRulesAsync()
    {
        await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-bis")));
        var added = await SendAsync(DiscordInteractions.Command("rule add", DiscordInteractions.Manager, "t2",
            ("name", "pecsea"), ("expression", "title:\"President's Export Council\""), ("urgent", true)));
        var notify = JsonNode.Parse(DiscordInteractions.Command("rule notify", DiscordInteractions.Manager, "t3", ("name", "pecsea"), ("mention", Role)))!;
        notify["data"]!["resolved"] = new JsonObject { ["roles"] = new JsonObject { [Role] = new JsonObject { ["id"] = Role, ["name"] = "legal" } } };
        var notified = await SendAsync(notify.ToJsonString());
        await SendAsync(DiscordInteractions.Command("rule add", DiscordInteractions.Manager, "t4", ("name", "everything"), ("expression", "agency:\"industry and security\"")));
        return (added, notified);
    }

    private Task WaitUntilSentAsync(long count) => _app.Services.GetRequiredService<IStore>().UntilSentAsync(count);

    private void AssertMentionOnlyOnTheUrgentAlert()
    {
        var urgent = _discord.Messages.Single(m => m.Body["content"] is not null).Body;
        var ordinary = _discord.Messages.Single(m => m.Body["content"] is null).Body;
        Assert.Equal($"🚨 **Urgent** · rule pecsea is urgent · <@&{Role}>", urgent["content"]!.GetValue<string>());
        Assert.Equal([Role], urgent["allowed_mentions"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(urgent["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(urgent["allowed_mentions"]!["users"]);
        Assert.Empty(ordinary["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(ordinary["allowed_mentions"]!["roles"]);
        Assert.Contains("\\@everyone", ordinary["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private Uri Endpoint => new(new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/discord/interactions");

    private async Task<JsonObject> SendAsync(string body)
    {
        using var response = await _http.SendAsync(_signer.Request(Endpoint, body), Fixtures.Timeout());
        var text = await response.Content.ReadAsStringAsync(Fixtures.Timeout());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<PollReport> PollAsync()
    {
        var feed = _app.Services.GetRequiredService<FeedCatalog>().Find("fr-bis")!;
        return await _app.Services.GetRequiredService<IFeedPoller>().PollAsync(feed, ignoreBackoff: true, Fixtures.Timeout());
    }
}
