using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>
/// The worker as <c>run</c> builds it, with Discord configured against a fake: signed interactions
/// through the real endpoint, a poll of a loopback feed host, embeds at the fake, and buttons.
/// </summary>
public sealed class DiscordEndToEndTests : IAsyncLifetime
{
    private const int BisDocuments = 4;

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly DiscordSigner _signer = new();
    private readonly StringWriter _console = new();
    private FakeFeedServer _feedHost = null!;
    private FakeDiscordServer _discord = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        _feedHost = await FakeFeedServer.StartAsync();
        _feedHost.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _feeds.Add("fr-bis", "federal-register", _feedHost.Url("/fr/bis.json"), extra: "\"tags\": [\"export-controls\"]");
        _discord = await FakeDiscordServer.StartAsync();
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false,
        [
            .. _discord.Settings(_signer.PublicKeyHex),
            "--PolicyWatch:Console:Feeds=#none",
            "--PolicyWatch:Dispatcher:FirstRetryDelay=00:00:01",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01",
        ]);
        await _app.StartAsync(Fixtures.Timeout());
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _endpoint = new Uri(new Uri(address), "/discord/interactions");
        _http = new HttpClient(new SocketsHttpHandler());
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
    public async Task SubscribeRuleAddPollThenButton_EmbedPostedThenTheMessageEditedWithTheAcknowledgement()
    {
        var subscribed = await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-bis")));
        var added = await SendAsync(DiscordInteractions.Command("rule add", DiscordInteractions.Manager, "t2", ("name", "bis"), ("expression", "agency:\"industry and security\"")));

        Assert.Equal(4, subscribed["type"]!.GetValue<int>());
        Assert.Null(subscribed["data"]!["flags"]);
        Assert.Contains("subscribed", subscribed["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("added rule", added["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(added["data"]!["allowed_mentions"]!["parse"]!.AsArray());

        await PollAsync();
        await _discord.WaitForAsync(f => f.Messages.Count == BisDocuments);

        var message = _discord.Messages.First();
        Assert.Equal(DiscordInteractions.Channel, message.ChannelId);
        var embed = message.Body["embeds"]![0]!;
        Assert.StartsWith("https://www.federalregister.gov/", embed["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(embed["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Matched");
        Assert.Empty(message.Body["allowed_mentions"]!["parse"]!.AsArray());
        var alertId = message.Body["nonce"]!.GetValue<string>();
        Assert.Contains(message.Body["components"]![0]!["components"]!.AsArray(), b => b!["custom_id"]?.GetValue<string>() == $"pw:ack:{alertId}");

        // A member without Manage Channels may acknowledge.
        var pressed = await SendAsync(DiscordInteractions.Button($"pw:ack:{alertId}", DiscordInteractions.Member, "t3"));
        await _discord.WaitForAsync(f => f.CallsTo("PATCH", $"/channels/{DiscordInteractions.Channel}/messages/{message.Id}").Any());

        Assert.Equal(4, pressed["type"]!.GetValue<int>());
        Assert.DoesNotContain("Manage Channels", pressed["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var edit = _discord.CallsTo("PATCH", $"/messages/{message.Id}").Single().Json;
        var acknowledged = edit["embeds"]![0]!["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Acknowledged");
        Assert.Contains("bob", acknowledged!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(BisDocuments, _discord.Messages.Count);
    }

    [Fact]
    public async Task Subscribe_MemberWithoutManageChannels_RefusedOnlyToThemAndNothingChanges()
    {
        var refused = await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Member, "t1", ("feeds", "fr-bis")));
        var subscriptions = await SendAsync(DiscordInteractions.Command("subscriptions", DiscordInteractions.Member, "t2"));

        Assert.Equal(64, refused["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Manage Channels", refused["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("fr\\-bis", subscriptions["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(64, subscriptions["data"]!["flags"]!.GetValue<int>());
    }

    [Fact]
    public async Task Poll_DiscordDownThenBack_EveryAlertDeliveredOnce()
    {
        await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "#export-controls")));
        _discord.OutageStatus = 503;

        await PollAsync();
        await _discord.WaitForAsync(f => f.Calls.Any(c => c.Status == 503));
        _discord.OutageStatus = null;
        await _discord.WaitForAsync(f => f.Messages.Count == BisDocuments);

        Assert.Equal(BisDocuments, _discord.Messages.Select(m => m.Body["nonce"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task RuleTest_Backtest_DeferredEphemeralThenTheAnswerEdited()
    {
        await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-bis")));
        await PollAsync();

        var deferred = await SendAsync(DiscordInteractions.Command("rule test", DiscordInteractions.Member, "backtest-token", ("expression", "agency:\"industry and security\""), ("days", 3650)));
        await _discord.WaitForAsync(f => f.CallsTo("PATCH", "/webhooks/").Any());

        Assert.Equal(5, deferred["type"]!.GetValue<int>());
        Assert.Equal(64, deferred["data"]!["flags"]!.GetValue<int>());
        var edit = Assert.Single(_discord.CallsTo("PATCH", $"/webhooks/{FakeDiscordServer.ApplicationId}/backtest-token/messages/@original"));
        Assert.Contains($"{BisDocuments} match", edit.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(edit.Json["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Command_StoreFailsPartWay_EphemeralSomethingWentWrongNothingChangedAndCounted()
    {
        // The second target's audit row aborts the write: the first target must not stay subscribed.
        await SqliteFaults.FailAuditOfAsync(_db.ConnectionString, "all");
        using var commands = TestMetrics.Collect<long>(_app.Services.GetRequiredService<IMeterFactory>(), "policywatch_commands");

        var answer = await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-bis all")));

        Assert.Equal(4, answer["type"]!.GetValue<int>());
        Assert.Equal(64, answer["data"]!["flags"]!.GetValue<int>());
        var content = answer["data"]!["content"]!.GetValue<string>();
        Assert.StartsWith("Something went wrong running that command", content, StringComparison.Ordinal);
        Assert.Contains("nothing changed", content, StringComparison.Ordinal);
        Assert.Equal(0, await SqliteFaults.CountAsync(_db.ConnectionString, "SELECT COUNT(*) FROM subscriptions s JOIN channels c ON c.id = s.channel_id WHERE c.platform = 'discord'"));
        Assert.Equal(0, await SqliteFaults.CountAsync(_db.ConnectionString, "SELECT COUNT(*) FROM audit a JOIN channels c ON c.id = a.channel_id WHERE c.platform = 'discord'"));
        Assert.Equal(1, TestMetrics.Sum(commands, ("platform", "discord"), ("verb", "subscribe"), ("outcome", "Failed")));
    }

    [Fact]
    public async Task RuleTest_StoreFailsAfterTheDeferral_AnswerEditedToSomethingWentWrong()
    {
        await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-bis")));
        await SqliteFaults.DropTableAsync(_db.ConnectionString, "item_revisions");

        var deferred = await SendAsync(DiscordInteractions.Command("rule test", DiscordInteractions.Member, "broken-token", ("expression", "entity"), ("days", 30)));
        await _discord.WaitForAsync(f => f.CallsTo("PATCH", "/webhooks/").Any());

        Assert.Equal(5, deferred["type"]!.GetValue<int>());
        Assert.Equal(64, deferred["data"]!["flags"]!.GetValue<int>());
        var edit = Assert.Single(_discord.CallsTo("PATCH", $"/webhooks/{FakeDiscordServer.ApplicationId}/broken-token/messages/@original"));
        Assert.StartsWith("Something went wrong running that command", edit.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autocomplete_FeedsAndRuleNames_FromTheCatalogueAndTheChannel()
    {
        await SendAsync(DiscordInteractions.Command("rule add", DiscordInteractions.Manager, "t1", ("name", "entity-list"), ("expression", "\"entity list\"")));

        var feeds = await SendAsync(DiscordInteractions.Autocomplete("subscribe", "feeds", ("feeds", "fr")));
        var tags = await SendAsync(DiscordInteractions.Autocomplete("subscribe", "feeds", ("feeds", "fr-bis #exp")));
        var rules = await SendAsync(DiscordInteractions.Autocomplete("mute rule", "name", ("name", "ent")));

        Assert.Equal(8, feeds["type"]!.GetValue<int>());
        Assert.Equal(["fr-bis"], Values(feeds));
        Assert.Equal(["fr-bis #export-controls"], Values(tags));
        Assert.Equal(["entity-list"], Values(rules));
    }

    [Fact]
    public async Task Ping_Signed_Pong()
    {
        using var response = await _http.SendAsync(_signer.Request(_endpoint, DiscordInteractions.Ping()), Fixtures.Timeout());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync(Fixtures.Timeout()));
    }

    [Fact]
    public async Task Interaction_UnsignedWronglySignedOrStale_401AndNothingRuns()
    {
        using var other = new DiscordSigner();
        var body = DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-bis"));
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(body) };
        var stale = TimeProvider.System.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds();

        using var noHeaders = await _http.SendAsync(unsigned, Fixtures.Timeout());
        using var wrongKey = await _http.SendAsync(other.Request(_endpoint, body), Fixtures.Timeout());
        using var old = await _http.SendAsync(_signer.Request(_endpoint, body, stale), Fixtures.Timeout());

        Assert.Equal(HttpStatusCode.Unauthorized, noHeaders.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var subscriptions = await SendAsync(DiscordInteractions.Command("subscriptions", DiscordInteractions.Member, "t2"));
        Assert.DoesNotContain("fr\\-bis", subscriptions["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string[] Values(JsonObject answer) =>
        answer["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToArray();

    private async Task<JsonObject> SendAsync(string body)
    {
        using var response = await _http.SendAsync(_signer.Request(_endpoint, body), Fixtures.Timeout());
        var text = await response.Content.ReadAsStringAsync(Fixtures.Timeout());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task PollAsync()
    {
        var feed = _app.Services.GetRequiredService<FeedCatalog>().Find("fr-bis")!;
        await _app.Services.GetRequiredService<IFeedPoller>().PollAsync(feed, ignoreBackoff: true, Fixtures.Timeout());
    }
}
