using System.Globalization;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Text that is not a command: a one-line error, the usage of the closest verb, and no change.</summary>
public sealed class MalformedCommandTests : ConversationTest
{
    [Fact]
    public async Task UnknownVerb_RefusedWithTheClosestVerbsUsage()
    {
        var before = await StateAsync();

        var reply = await SayAsync("subscirbe fr-bis");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("Unknown command 'subscirbe'; did you mean 'subscribe'?\nusage: subscribe FEED [FEED...]", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task UnknownRuleSubVerb_RefusedWithThatRuleVerbsUsage()
    {
        var before = await StateAsync();

        var reply = await SayAsync("rule ad bis export*");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("usage: rule add NAME [--urgent] EXPRESSION", reply.Lines[^1].ToString());
        Assert.Contains("did you mean 'rule add'?", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task UnknownVerbNothingLike_RefusedPointingToHelp()
    {
        var reply = await SayAsync("frobnicate everything");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("Unknown command 'frobnicate'; 'help' lists the commands", reply.ToString());
    }

    [Fact]
    public async Task TextOver4000Characters_RefusedNothingChanged()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();
        var text = "rule add long " + string.Join(' ', Enumerable.Repeat("export", 700));

        var reply = await SayAsync(text);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal($"The command is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; the limit is 4,000", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task TextOfExactly4000Characters_Accepted()
    {
        var text = "subscribe fr-bis".PadRight(4000);

        var reply = await SayAsync(text);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(["fr-bis"], await SubscriptionsAsync());
    }

    [Fact]
    public async Task SlashCommandPrefix_Ignored()
    {
        var reply = await SayAsync("/policywatch subscribe fr-bis");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(["fr-bis"], await SubscriptionsAsync());
    }

    [Fact]
    public async Task VerbTakesNoArguments_RefusedWithItsUsage()
    {
        var reply = await SayAsync("status please");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("'status' takes no arguments (got 'please')\nusage: status", reply.ToString());
    }

    [Fact]
    public async Task SubscribeWithoutFeed_RefusedWithUsage()
    {
        var reply = await SayAsync("subscribe");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("usage: subscribe FEED [FEED...]", reply.Lines[^1].ToString());
        Assert.Empty(await AuditAsync());
    }
}
