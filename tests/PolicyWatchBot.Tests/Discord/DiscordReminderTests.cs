using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>
/// Timed posts through the real worker (Quartz, dispatcher) and a loopback Discord, on a shifted
/// clock: a deadline reminder is a reply to the action's first alert at 09:00 New York, and in
/// digest mode the urgent alert arrives at once and the rest in one digest at 17:00; restarts in
/// the middle lose and double nothing.
/// </summary>
public sealed class DiscordReminderTests : IAsyncLifetime
{
    private static readonly ChannelKey Alerts = new("discord", DiscordInteractions.Guild, DiscordInteractions.Channel);
    private static readonly Caller Manager = new(new Actor("U1", "alice"), HasManageChannelsPermission: true);

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly DiscordSigner _signer = new();
    private readonly ShiftedClock _clock = new(new DateTimeOffset(2024, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private FakeFeedServer _feedHost = null!;
    private FakeDiscordServer _discord = null!;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _feedHost = await FakeFeedServer.StartAsync();
        _feedHost.Serve("/fr.json", DeadlineBodies.Published("2024-03-11"), "application/json");
        _feedHost.Serve("/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _feeds.Add("fr-doc", "federal-register", _feedHost.Url("/fr.json"));
        _feeds.Add("fr-bis", "federal-register", _feedHost.Url("/bis.json"));
        _discord = await FakeDiscordServer.StartAsync();
        await StartWorkerAsync();
    }

    public async Task DisposeAsync()
    {
        await StopWorkerAsync();
        await _discord.DisposeAsync();
        await _feedHost.DisposeAsync();
        _signer.Dispose();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task CommentsCloseInSevenDays_ReminderRepliesToTheAlertAtNineNewYork_OnceAcrossARestart()
    {
        await SayAsync("subscribe fr-doc");
        await PollAsync("fr-doc");
        await _discord.WaitForAsync(f => f.Messages.Count == 1);
        var parent = _discord.Messages.Single();
        await WaitUntilSentAsync(1);

        await RestartAsync();
        _clock.MoveTo(new DateTimeOffset(2024, 3, 4, 14, 0, 1, TimeSpan.Zero));
        _app.Services.GetRequiredService<TimedPostsSignal>().Notify();
        await _discord.WaitForAsync(f => f.Messages.Count == 2);
        await WaitUntilSentAsync(2);
        await RestartAsync();
        var releasedAgain = await _app.Services.GetRequiredService<TimedPosts>().ReleaseDueAsync(Fixtures.Timeout());

        var reminder = _discord.Messages.Last();
        Assert.Equal(parent.Id, reminder.Body["message_reference"]!["message_id"]!.GetValue<string>());
        var title = reminder.Body["embeds"]![0]!["title"]!.GetValue<string>();
        Assert.StartsWith("⏰ Reminder\\: comments close 2024\\-03\\-11", title, StringComparison.Ordinal);
        Assert.Contains("in 7 days", title, StringComparison.Ordinal);
        Assert.Empty(reminder.Body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(0, releasedAgain);
        Assert.Equal(2, _discord.Messages.Count);
    }

    [Fact]
    public async Task DigestDaily_UrgentAtOnceTheRestInOneDigestAtFivePm_OnceAcrossARestart()
    {
        _clock.MoveTo(new DateTimeOffset(2024, 2, 1, 9, 0, 0, TimeSpan.Zero));
        foreach (var command in (string[])["subscribe fr-bis", "rule add pecsea --urgent title:\"President's Export Council\"", "rule add everything agency:\"industry and security\"", "digest daily 17:00"])
        {
            await SayAsync(command);
        }

        await PollAsync("fr-bis");
        await _discord.WaitForAsync(f => f.Messages.Count == 1);
        await WaitUntilSentAsync(1);
        await RestartAsync();
        _clock.MoveTo(new DateTimeOffset(2024, 2, 1, 22, 0, 1, TimeSpan.Zero));
        _app.Services.GetRequiredService<TimedPostsSignal>().Notify();
        await _discord.WaitForAsync(f => f.Messages.Count == 2);
        await RestartAsync();
        var releasedAgain = await _app.Services.GetRequiredService<TimedPosts>().ReleaseDueAsync(Fixtures.Timeout());

        var messages = _discord.Messages.ToList();
        Assert.StartsWith("🚨 **Urgent**", messages[0].Body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Digest\\: 3 alerts", messages[1].Body["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, releasedAgain);
        Assert.Equal(2, _discord.Messages.Count);
    }

    private Task<PolicyWatchBot.Core.Replies.ChatReply> SayAsync(string text) =>
        _app.Services.GetRequiredService<ConversationHandler>().HandleTextAsync(Alerts, "alerts", Manager, text, Fixtures.Timeout());

    private Task WaitUntilSentAsync(long count) => _app.Services.GetRequiredService<IStore>().UntilSentAsync(count);

    private async Task RestartAsync()
    {
        await StopWorkerAsync();
        await StartWorkerAsync();
    }

    private async Task StartWorkerAsync()
    {
        _app = WorkerApp.BuildAt(_clock, _db, _feeds.Path, new StringWriter(), pollOnStart: false,
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

    private async Task PollAsync(string feedId)
    {
        var feed = _app.Services.GetRequiredService<FeedCatalog>().Find(feedId)!;
        await _app.Services.GetRequiredService<IFeedPoller>().PollAsync(feed, ignoreBackoff: true, Fixtures.Timeout());
    }
}
