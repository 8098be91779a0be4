using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Fuzz;
using PolicyWatchBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>
/// Signed interactions of unexpected shapes through the real endpoint: null options, lone-surrogate
/// escapes, missing parts. Each gets a polite answer (or an empty one), never a 500.
/// </summary>
public sealed class DiscordHostilePayloadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly DiscordSigner _signer = new();
    private readonly StringWriter _console = new();
    private FakeDiscordServer _discord = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        _feeds.Add("fr-bis", "federal-register", new Uri("http://127.0.0.1:9/fr/bis.json"));
        _feeds.Add("fr-ofac", "federal-register", new Uri("http://127.0.0.1:9/fr/ofac.json"));
        _discord = await FakeDiscordServer.StartAsync();
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false, [.. _discord.Settings(_signer.PublicKeyHex), "--PolicyWatch:Console:Feeds=#none"]);
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
        _signer.Dispose();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Theory]
    [InlineData("""{"name":"policywatch","options":[null]}""")]
    [InlineData("""{"name":"policywatch","options":[{"name":"subscribe","type":1,"options":[null]}]}""")]
    [InlineData("""{"name":"policywatch","options":[{"name":"rule","type":2,"options":[{"name":"add","type":1,"options":[null,{"name":"rule","type":3,"value":null}]}]}]}""")]
    [InlineData("""{"name":"policywatch","options":[{"name":null,"type":1}]}""")]
    [InlineData("""null""")]
    public async Task Command_NullOptions_AnsweredPolitelyAndNothingChanges(string data)
    {
        var (status, answer) = await SendAsync(Interaction(2, data));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(64, answer!["data"]!["flags"]!.GetValue<int>());
        Assert.Empty(await _app.Services.GetRequiredService<IStore>().GetRulesAsync(1, Fixtures.Timeout()));
    }

    [Fact]
    public async Task Command_Malformed_CountedOnMetricsLikeSlack()
    {
        using var commands = TestMetrics.Collect<long>(_app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "policywatch_commands");

        var (status, answer) = await SendAsync(DiscordInteractions.Command("rule test", DiscordInteractions.Member, "m1"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("needs an expression", answer!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, TestMetrics.Sum(commands, ("platform", "discord"), ("verb", "(malformed)"), ("outcome", "Invalid")));
    }

    [Fact]
    public async Task Autocomplete_NullOption_AnswersNoChoices()
    {
        var (status, answer) = await SendAsync(Interaction(4, """{"name":"policywatch","options":[{"name":"subscribe","type":1,"options":[null,{"name":"feeds","type":3,"value":"fr","focused":true}]}]}"""));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(answer!["data"]!["choices"]);
    }

    [Fact]
    public async Task Command_LoneSurrogateEscapeInAnOption_IsReadWithTheReplacementCharacter()
    {
        var (status, answer) = await SendAsync(Interaction(2, """{"name":"policywatch","options":[{"name":"rule","type":2,"options":[{"name":"add","type":1,"options":[{"name":"name","type":3,"value":"odd"},{"name":"expression","type":3,"value":"entity\ud800list"}]}]}]}"""));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("added rule", answer!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-bis\rfr-ofac")]
    [InlineData("fr-bis\u2028fr-ofac")]
    [InlineData("fr-bis\u00A0fr-ofac")]
    [InlineData("fr-bis,\u3000fr-ofac")]
    public async Task Subscribe_TargetsSeparatedByAnyWhiteSpace_SubscribesEach(string typed)
    {
        var (status, _) = await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", JsonValue.Create(typed))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["fr-bis", "fr-ofac"], DiscordCommandReader.SplitTargets(typed));
    }

    [Fact]
    public async Task SignedInteractions_OfAnyShape_NeverAnswer500()
    {
        var run = new FuzzRun("discord interactions", output);
        var values = Gen.Frequency(
            (3, HostileText.Mixed(Gen.OneOf("fr-bis", "all", "#x", "export", "/a{99}/", "PW-1", "2w", ",", " "), 12).Select(t => (JsonNode?)JsonValue.Create(t))),
            (1, Gen.OneOf<JsonNode?>(null, JsonValue.Create(5), JsonValue.Create(-1), new JsonArray(), new JsonObject())));
        var paths = Gen.OneOf("subscribe", "unsubscribe", "rule add", "rule edit", "rule test", "mute rule", "mute feed", "unmute channel", "ack", "help", "nope", "rule nope");
        var names = Gen.OneOf("feeds", "feed", "name", "expression", "days", "duration", "alert", "note", "command", "zzz");
        var interactions = Gen.Select(Gen.OneOf(2, 3, 4, 5, 99), paths, Gen.Select(names, values).Array[0, 4], (type, path, options) =>
        {
            var body = JsonNode.Parse(DiscordInteractions.Command(path, DiscordInteractions.Member, "f1", [.. options.Select(o => (o.Item1, o.Item2 ?? JsonValue.Create("")))]))!;
            body["type"] = type;
            if (options.Length > 0 && options[0].Item2 is null)
            {
                body["data"]!["options"]!.AsArray().Add(null);
            }

            return body.ToJsonString().Replace("\\u0022", "\\ud800", StringComparison.Ordinal);
        });

        await interactions.SampleAsync(body => MeasureAsync(run, body), iter: FuzzRun.Iterations(300), threads: 1);

        run.Report();
    }

    private async Task MeasureAsync(FuzzRun run, string body)
    {
        var (status, _) = await SendAsync(body);
        run.Measure(body, () => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)status} for {body}"));
    }

    private static string Interaction(int type, string data)
    {
        var body = JsonNode.Parse(DiscordInteractions.Command("status", DiscordInteractions.Manager, "t0"))!;
        body["type"] = type;
        body["data"] = "DATA";
        return body.ToJsonString().Replace("\"DATA\"", data, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonObject? Answer)> SendAsync(string body)
    {
        using var response = await _http.SendAsync(_signer.Request(_endpoint, body), Fixtures.Timeout());
        var text = await response.Content.ReadAsStringAsync(Fixtures.Timeout());
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)?.AsObject() : null);
    }
}
