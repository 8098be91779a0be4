using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("help")]
    [InlineData("/policywatch")]
    [InlineData("  /policywatch   ")]
    public void Parse_EmptyOrHelp_ReturnsHelpForAll(string text)
    {
        Assert.Equal(new ChatCommand.Help(null), Parse(text));
    }

    [Theory]
    [InlineData("help subscribe", "subscribe")]
    [InlineData("HELP Subscribe", "subscribe")]
    [InlineData("help rule add", "rule add")]
    [InlineData("help Rule   TEST", "rule test")]
    [InlineData("help rules", "rules")]
    [InlineData("help mute", "mute")]
    [InlineData("help rule", "rule")]
    [InlineData("help RULE", "rule")]
    public void Parse_HelpWithVerb_ReturnsHelpForCatalogVerb(string text, string verb)
    {
        Assert.Equal(new ChatCommand.Help(verb), Parse(text));
    }

    [Theory]
    [InlineData("feeds", typeof(ChatCommand.Feeds))]
    [InlineData("subscriptions", typeof(ChatCommand.Subscriptions))]
    [InlineData("rules", typeof(ChatCommand.Rules))]
    [InlineData("muted", typeof(ChatCommand.Muted))]
    [InlineData("status", typeof(ChatCommand.Status))]
    [InlineData("STATUS", typeof(ChatCommand.Status))]
    [InlineData("  Feeds\t", typeof(ChatCommand.Feeds))]
    [InlineData("/policywatch status", typeof(ChatCommand.Status))]
    [InlineData("/PolicyWatch   muted", typeof(ChatCommand.Muted))]
    public void Parse_VerbWithoutArguments_ReturnsThatCommand(string text, Type expected)
    {
        Assert.IsType(expected, Parse(text));
    }

    [Fact]
    public void Parse_Subscribe_ReturnsTargetsLowerCasedInOrder()
    {
        var command = Assert.IsType<ChatCommand.Subscribe>(Parse("subscribe FR-BIS fr-ofac #Export-Controls"));

        Assert.Equal(["fr-bis", "fr-ofac", "#export-controls"], command.Targets);
    }

    [Theory]
    [InlineData("subscribe fr-bis,fr-ofac")]
    [InlineData("subscribe fr-bis, fr-ofac")]
    [InlineData("subscribe fr-bis ,fr-ofac,")]
    [InlineData("SUBSCRIBE   fr-bis \n fr-ofac")]
    public void Parse_SubscribeWithCommasOrSpaces_SplitsTargets(string text)
    {
        var command = Assert.IsType<ChatCommand.Subscribe>(Parse(text));

        Assert.Equal(["fr-bis", "fr-ofac"], command.Targets);
    }

    [Fact]
    public void Parse_SubscribeAll_KeepsAll()
    {
        var command = Assert.IsType<ChatCommand.Subscribe>(Parse("subscribe ALL"));

        Assert.Equal(["all"], command.Targets);
    }

    [Fact]
    public void Parse_SubscribeRepeatedTarget_KeepsItOnce()
    {
        var command = Assert.IsType<ChatCommand.Subscribe>(Parse("subscribe fr-bis FR-BIS fr-ofac"));

        Assert.Equal(["fr-bis", "fr-ofac"], command.Targets);
    }

    [Fact]
    public void Parse_Unsubscribe_ReturnsTargets()
    {
        var command = Assert.IsType<ChatCommand.Unsubscribe>(Parse("Unsubscribe #sanctions uk-ecju"));

        Assert.Equal(["#sanctions", "uk-ecju"], command.Targets);
    }

    [Theory]
    [InlineData("ack PW-3F9K", "PW-3F9K")]
    [InlineData("ack pw-3f9k", "PW-3F9K")]
    [InlineData("ACK Pw-3f9K", "PW-3F9K")]
    [InlineData("ack pwg-7qx2", "PWG-7QX2")]
    public void Parse_AckWithoutNote_NormalizesIdAndHasNoNote(string text, string id)
    {
        Assert.Equal(new ChatCommand.Ack(id, null), Parse(text));
    }

    [Fact]
    public void Parse_AckWithNote_KeepsTheRestTrimmed()
    {
        Assert.Equal(new ChatCommand.Ack("PW-3F9K", "sent to  legal, \"urgent\""), Parse("ack PW-3F9K   sent to  legal, \"urgent\"  "));
    }

    [Fact]
    public void Parse_AckNoteOf500Characters_IsAccepted()
    {
        var note = new string('n', CommandParser.MaxNoteLength);

        Assert.Equal(new ChatCommand.Ack("PW-3F9K", note), Parse("ack PW-3F9K " + note));
    }

    [Fact]
    public void Parse_MuteChannel_DefaultsTo24Hours()
    {
        Assert.Equal(new ChatCommand.Mute(MuteTarget.Channel, TimeSpan.FromHours(24)), Parse("mute channel"));
    }

    private static ChatCommand Parse(string text)
    {
        var result = CommandParser.Parse(text);
        Assert.True(result.IsSuccess, result.Error);
        return result.Command;
    }
}
