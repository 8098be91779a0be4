using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class CommandParserMuteTests
{
    private const string MuteUsage = "mute rule NAME|feed FEED|channel [DURATION]";
    private const string UnmuteUsage = "unmute rule NAME|feed FEED|channel";

    [Fact]
    public void Parse_MuteRuleWithoutDuration_MutesFor24Hours()
    {
        Assert.Equal(new ChatCommand.Mute(MuteTarget.Rule("ai-chips"), TimeSpan.FromHours(24)), Parse("mute rule AI-Chips"));
    }

    [Fact]
    public void Parse_MuteFeedWithDuration_LowerCasesFeed()
    {
        Assert.Equal(new ChatCommand.Mute(MuteTarget.Feed("fr-ofac"), TimeSpan.FromHours(8)), Parse("mute feed FR-OFAC 8h"));
    }

    [Theory]
    [InlineData("MUTE Channel 7D", 7 * 24 * 60)]
    [InlineData("mute CHANNEL 30m", 30)]
    [InlineData("mute channel 90d", 90 * 24 * 60)]
    [InlineData("mute channel 2160h", 90 * 24 * 60)]
    [InlineData("mute channel 007d", 7 * 24 * 60)]
    [InlineData("mute channel 2w", 14 * 24 * 60)]
    [InlineData("mute channel 1d12h", 36 * 60)]
    [InlineData("mute channel 90m", 90)]
    [InlineData("mute channel 12w6d", 90 * 24 * 60)]
    public void Parse_MuteChannelWithDuration_UsesIt(string text, int minutes)
    {
        Assert.Equal(new ChatCommand.Mute(MuteTarget.Channel, TimeSpan.FromMinutes(minutes)), Parse(text));
    }

    [Theory]
    [InlineData("unmute rule Entity-List", MuteScope.Rule, "entity-list")]
    [InlineData("UNMUTE FEED fr-bis", MuteScope.Feed, "fr-bis")]
    [InlineData("unmute Channel", MuteScope.Channel, null)]
    public void Parse_Unmute_ReturnsTarget(string text, MuteScope scope, string? name)
    {
        Assert.Equal(new ChatCommand.Unmute(new MuteTarget(scope, name)), Parse(text));
    }

    [Theory]
    [InlineData("7x")]
    [InlineData("-1d")]
    [InlineData("1.5h")]
    [InlineData("forever")]
    [InlineData("h")]
    [InlineData("1h1d")]
    [InlineData("2mo")]
    public void Parse_MuteWithMalformedDuration_NamesValueAndForms(string duration)
    {
        var result = Fail($"mute feed fr-ofac {duration}");

        Assert.Equal($"'{duration}' is not a duration; use weeks, days, hours or minutes, like 90m, 8h, 1d12h or 2w (largest unit first), up to 90d", result.Error);
        Assert.Equal(MuteUsage, result.Usage);
    }

    [Fact]
    public void Parse_MuteForZeroHours_IsTooShort()
    {
        var result = Fail("mute channel 0h");

        Assert.Equal("'0h' is too short; use weeks, days, hours or minutes, like 90m, 8h, 1d12h or 2w (largest unit first), up to 90d", result.Error);
        Assert.Equal(MuteUsage, result.Usage);
    }

    [Theory]
    [InlineData("91d")]
    [InlineData("2161h")]
    [InlineData("99999999d")]
    [InlineData("99999999999999999999h")]
    [InlineData("13w")]
    [InlineData("12w6d1m")]
    public void Parse_MuteOver90Days_IsTooLong(string duration)
    {
        var result = Fail($"mute rule ai-chips {duration}");

        Assert.Equal($"'{duration}' is too long; the longest mute is 90d", result.Error);
        Assert.Equal(MuteUsage, result.Usage);
    }

    [Theory]
    [InlineData("mute", "'mute' needs what to mute: rule NAME, feed FEED or channel", MuteUsage)]
    [InlineData("mute rule", "'mute rule' needs a rule name", MuteUsage)]
    [InlineData("mute feed", "'mute feed' needs a feed id", MuteUsage)]
    [InlineData("mute feed ,", "'mute feed' needs a feed id", MuteUsage)]
    [InlineData("mute chanel 8h", "'chanel' is not rule, feed or channel; did you mean 'mute channel'?", MuteUsage)]
    [InlineData("mute 8h", "'8h' is not rule, feed or channel", MuteUsage)]
    [InlineData("mute channel 8h please", "unexpected 'please' after the duration", MuteUsage)]
    [InlineData("unmute", "'unmute' needs what to unmute: rule NAME, feed FEED or channel", UnmuteUsage)]
    [InlineData("unmute channel 8h", "unexpected '8h' after 'unmute channel'", UnmuteUsage)]
    [InlineData("unmute feed fr-bis fr-ofac", "unexpected 'fr-ofac' after 'unmute feed fr-bis'", UnmuteUsage)]
    [InlineData("unmute rules x", "'rules' is not rule, feed or channel; did you mean 'unmute rule'?", UnmuteUsage)]
    public void Parse_MuteOrUnmuteMalformed_SaysWhatIsWrong(string text, string error, string usage)
    {
        var result = Fail(text);

        Assert.Equal(error, result.Error);
        Assert.Equal(usage, result.Usage);
    }

    [Fact]
    public void Parse_MuteRuleQuotedWithSpaces_SuggestsHyphens()
    {
        var result = Fail("mute rule \"AI chips\" 8h");

        Assert.Equal("rule names cannot contain spaces: use ai-chips", result.Error);
        Assert.Equal(MuteUsage, result.Usage);
    }

    private static ChatCommand Parse(string text)
    {
        var result = CommandParser.Parse(text);
        Assert.True(result.IsSuccess, result.Error);
        return result.Command;
    }

    private static CommandParseResult Fail(string text)
    {
        var result = CommandParser.Parse(text);
        Assert.False(result.IsSuccess, $"'{text}' parsed to {result.Command}");
        return result;
    }
}
