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
/// One thread per action on Discord, through the real worker and a loopback Discord: later revisions
/// are replies (<c>message_reference</c>) to the first alert, which is edited to show the stage; a
/// restart in the middle loses and doubles nothing; a deleted parent gets a new one.
/// </summary>
public sealed class DiscordThreadTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly DiscordSigner _signer = new();
    private readonly StringWriter _console = new();
    private FakeFeedServer _feedHost = null!;
    private FakeDiscordServer _discord = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _feedHost = await FakeFeedServer.StartAsync();
        _feedHost.Serve("/pi.json", ThreadBodies.PublicInspection, "application/json");
        _feedHost.Serve("/fr.json", ThreadBodies.Published, "application/json");
        _feeds.Add("fr-pi", "federal-register-public-inspection", _feedHost.Url("/pi.json"));
        _feeds.Add("fr-bis", "federal-register", _feedHost.Url("/fr.json"));
        _discord = await FakeDiscordServer.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler());
        await StartWorkerAsync();
        var subscribed = await SendAsync(DiscordInteractions.Command("subscribe", DiscordInteractions.Manager, "t1", ("feeds", "fr-pi fr-bis")));
        Assert.Contains("subscribed", subscribed["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await StopWorkerAsync();
        await _discord.DisposeAsync();
        await _feedHost.DisposeAsync();
        _signer.Dispose();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task InspectionPublicationCorrection_OneParentTwoRepliesAndTheParentEditedToPublished_AcrossARestart()
    {
        await PollAsync("fr-pi");
        await _discord.WaitForAsync(f => f.Messages.Count == 1);
        var parent = _discord.Messages.Single();
        await WaitUntilSentAsync(1);

        await StopWorkerAsync();
        await StartWorkerAsync();
        await PollAsync("fr-bis");
        await _discord.WaitForAsync(f => f.Messages.Count == 2 && f.CallsTo("PATCH", $"/messages/{parent.Id}").Any(c => c.Status == 200));
        _feedHost.Serve("/fr.json", ThreadBodies.PublishedAndCorrected, "application/json");
        await PollAsync("fr-bis");
        await _discord.WaitForAsync(f => f.Messages.Count == 3);

        Assert.Null(parent.Body["message_reference"]);
        var replies = _discord.Messages.Skip(1).ToList();
        Assert.All(replies, r => Assert.Equal(parent.Id, r.Body["message_reference"]!["message_id"]!.GetValue<string>()));
        Assert.All(replies, r => Assert.False(r.Body["allowed_mentions"]!["replied_user"]!.GetValue<bool>()));
        Assert.All(replies, r => Assert.Empty(r.Body["allowed_mentions"]!["parse"]!.AsArray()));
        Assert.StartsWith("Published: ", replies[0].Body["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Corrected: ", replies[1].Body["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var edit = _discord.CallsTo("PATCH", $"/messages/{parent.Id}").Last(c => c.Status == 200).Json;
        var now = edit["embeds"]![0]!["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Now");
        Assert.StartsWith("Published 2024\\-01\\-09", now!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, _discord.Messages.Select(m => m.Body["nonce"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Reply_ParentMessageDeleted_PostedAsTheThreadsNewParentAndTheNextReplyGoesUnderIt()
    {
        await PollAsync("fr-pi");
        await _discord.WaitForAsync(f => f.Messages.Count == 1);
        await WaitUntilSentAsync(1);
        _discord.DeleteMessage(_discord.Messages.Single().Id);

        await PollAsync("fr-bis");
        await _discord.WaitForAsync(f => f.Messages.Count == 2);
        await WaitUntilSentAsync(2);
        var newParent = _discord.Messages.Last();
        _feedHost.Serve("/fr.json", ThreadBodies.PublishedAndCorrected, "application/json");
        await PollAsync("fr-bis");
        await _discord.WaitForAsync(f => f.Messages.Count == 3);

        Assert.Contains(_discord.Calls, c => c.Status == 400 && c.Method == "POST");
        Assert.Null(newParent.Body["message_reference"]);
        Assert.Equal(newParent.Id, _discord.Messages.Last().Body["message_reference"]!["message_id"]!.GetValue<string>());
    }

    /// <summary>A restart before the dispatcher records a send would leave the post leased (a crash's case, tested elsewhere).</summary>
    private Task WaitUntilSentAsync(long count) => _app.Services.GetRequiredService<PolicyWatchBot.Core.Storage.IStore>().UntilSentAsync(count);

    private async Task StartWorkerAsync()
    {
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false,
        [
            .. _discord.Settings(_signer.PublicKeyHex),
            "--PolicyWatch:Console:Feeds=#none",
            "--PolicyWatch:Dispatcher:FirstRetryDelay=00:00:01",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01",
        ]);
        await _app.StartAsync(Fixtures.Timeout());
    }

    private async Task StopWorkerAsync()
    {
        await _app.StopAsync(Fixtures.Timeout());
        await _app.DisposeAsync();
    }

    private Uri Endpoint
    {
        get
        {
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(new Uri(address), "/discord/interactions");
        }
    }

    private async Task<JsonObject> SendAsync(string body)
    {
        using var response = await _http.SendAsync(_signer.Request(Endpoint, body), Fixtures.Timeout());
        var text = await response.Content.ReadAsStringAsync(Fixtures.Timeout());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task PollAsync(string feedId)
    {
        var feed = _app.Services.GetRequiredService<FeedCatalog>().Find(feedId)!;
        await _app.Services.GetRequiredService<IFeedPoller>().PollAsync(feed, ignoreBackoff: true, Fixtures.Timeout());
    }
}
