using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>
/// Digest mode through the real services on a fake clock: urgent alerts go out at once, the rest are
/// held and posted as one digest at the channel's time, once, across a restart; digest off posts what
/// is held at once; a channel with nothing held gets nothing.
/// </summary>
public sealed class DigestModeTests : ConversationTest
{
    private static readonly DateTimeOffset FivePmNewYork = new(2024, 2, 1, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DigestDaily_UrgentAtOnceTheRestInOneDigestAtFivePm_OnceAcrossARestart()
    {
        await SetUpAsync();
        var on = await SayAsync("digest daily 17:00");
        await PollAsync("fr-bis");
        await DeliverAsync();
        var beforeDigest = Host.Console.ToString();
        var pending = await SayAsync("pending");

        await RestartAsync();
        Clock.SetUtcNow(FivePmNewYork.AddMinutes(-1));
        await DeliverAsync();
        var early = Host.Console.ToString();
        Clock.SetUtcNow(FivePmNewYork);
        await DeliverAsync();
        await DeliverAsync();
        var output = Host.Console.ToString();
        var status = await SayAsync("status");

        Assert.Contains("turned digest mode on", on.ToString(), StringComparison.Ordinal);
        Assert.Contains("next is due 2024-02-01 22:00 UTC", on.ToString(), StringComparison.Ordinal);
        Assert.Single(Headers(beforeDigest));
        Assert.Contains("!! URGENT: rule pecsea is urgent", beforeDigest, StringComparison.Ordinal);
        Assert.StartsWith("3 alerts held for the digest due 2024-02-01 22:00 UTC:", pending.ToString(), StringComparison.Ordinal);
        Assert.Equal("", early);
        Assert.Single(Headers(output));
        Assert.Contains(" Digest: 3 alerts", output, StringComparison.Ordinal);
        Assert.Contains("   ── fr-bis · everything", output, StringComparison.Ordinal);
        Assert.Contains("Mode here: digest every day at 17:00 (America/New_York), next 2024-02-02 22:00 UTC", status.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetOutboxCountsAsync(Ct)).HeldForDigest);
    }

    [Fact]
    public async Task DigestOff_WhatIsHeldIsPostedAtOnceAsOneDigestAndAlertsComeLiveAgain()
    {
        await SetUpAsync();
        await SayAsync("digest weekdays 08:30 Europe/London");
        await PollAsync("fr-bis");
        await DeliverAsync();
        Host.Console.GetStringBuilder().Clear();

        var off = await SayAsync("digest off");
        await DeliverAsync();

        Assert.Contains("turned digest mode off", off.ToString(), StringComparison.Ordinal);
        Assert.Contains("the 3 alerts held are posted now as one digest", off.ToString(), StringComparison.Ordinal);
        Assert.Contains(" Digest: 3 alerts", Host.Console.ToString(), StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(), a => a.Action == "digest" && a.Before == "weekdays 08:30 Europe/London" && a.After == "off");
        Assert.Null((await Store.GetChannelSettingsAsync(await ChannelIdAsync(), Ct)).Digest);
    }

    [Fact]
    public async Task DigestTime_NothingHeld_TheChannelGetsNothingAndTheNextTimeIsSet()
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync("digest daily 17:00");

        Clock.SetUtcNow(FivePmNewYork);
        await DeliverAsync();

        Assert.Equal("", Host.Console.ToString());
        Assert.Equal(FivePmNewYork.AddDays(1), (await Store.GetChannelSettingsAsync(await ChannelIdAsync(), Ct)).NextDigestAt);
    }

    [Fact]
    public async Task Digest_NotAManager_RefusedAndNothingChanges()
    {
        var reply = await SayAsync("digest daily 17:00", Bob);

        Assert.Equal(ReplyOutcome.Refused, reply.Outcome);
        Assert.Null((await Store.GetChannelSettingsAsync(await ChannelIdAsync(), Ct)).Digest);
    }

    [Fact]
    public async Task Muted_InDigestMode_SaysHowManyWaitForTheDigest()
    {
        await SetUpAsync();
        await SayAsync("digest daily 17:00");
        await PollAsync("fr-bis");

        var muted = await SayAsync("muted");

        Assert.Contains("3 alerts held for the channel's digest", muted.ToString(), StringComparison.Ordinal);
    }

    private async Task SetUpAsync()
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync("rule add pecsea --urgent title:\"President's Export Council\"");
        await SayAsync("rule add everything agency:\"industry and security\"");
    }

    private static List<string> Headers(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("━━ ", StringComparison.Ordinal))];
}
