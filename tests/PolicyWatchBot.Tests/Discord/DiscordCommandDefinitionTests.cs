using System.Text.Json;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>/policywatch as a Discord command: valid by Discord's rules, every verb reachable, options read back into the command model.</summary>
public sealed class DiscordCommandDefinitionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_Definition_NoProblemsByDiscordsRules(bool global)
    {
        var command = DiscordCommandDefinition.Build(global);

        Assert.Empty(DiscordCommandValidator.Problems(command));
        Assert.True(DiscordCommandValidator.TotalLength(command) <= DiscordCommandValidator.MaxTotalLength);
    }

    [Fact]
    public void Build_Global_GuildOnlyAndNoDefaultMemberPermissions()
    {
        var json = JsonSerializer.Serialize<List<DiscordCommandWire.Command>>([DiscordCommandDefinition.Build(global: true)], DiscordJsonContext.Default.ListCommand);

        Assert.Contains("\"contexts\":[0]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("default_member_permissions", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EveryCatalogVerb_ReachableAsASubcommandOrGroup()
    {
        var top = DiscordCommandDefinition.Build(global: false).Options;
        var paths = top.SelectMany(o => o.Type == DiscordCommandWire.SubCommandGroup
            ? o.Options!.Select(s => $"{o.Name} {s.Name}")
            : [o.Name]).ToList();

        foreach (var entry in CommandCatalog.All)
        {
            Assert.Contains(paths, p => p == entry.Verb || p.StartsWith(entry.Verb + " ", StringComparison.Ordinal));
        }

        Assert.Contains("mute rule", paths);
        Assert.Contains("unmute channel", paths);
    }

    [Fact]
    public void Problems_BadNamesTooManyOptionsAndChoicesWithAutocomplete_AllReported()
    {
        var command = new DiscordCommandWire.Command
        {
            Name = "PolicyWatch",
            Description = "",
            Options = Enumerable.Range(0, 26).Select(i => new DiscordCommandWire.CommandOption
            {
                Type = DiscordCommandWire.String,
                Name = i == 0 ? "has space" : $"o{i}",
                Description = "x",
                Autocomplete = i == 1,
                Choices = i == 1 ? [new DiscordCommandWire.CommandChoice { Name = "a", Value = "a" }] : null,
            }).ToList(),
        };

        var problems = DiscordCommandValidator.Problems(command);

        Assert.Contains(problems, p => p.Contains("'PolicyWatch'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("description is 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("26 options", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'has space'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("both choices and autocomplete", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MuteFeedWithDuration_MuteCommand()
    {
        var parsed = DiscordCommandReader.Read(Data("mute", "feed", ("feed", "FR-BIS"), ("duration", "8h")));

        Assert.Equal(new ChatCommand.Mute(MuteTarget.Feed("fr-bis"), TimeSpan.FromHours(8)), parsed.Command);
    }

    [Fact]
    public void Read_MuteForOneDayAndAHalf_MuteCommand()
    {
        var parsed = DiscordCommandReader.Read(Data("mute", "channel", ("duration", "1d12h")));

        Assert.Equal(new ChatCommand.Mute(MuteTarget.Channel, TimeSpan.FromHours(36)), parsed.Command);
    }

    [Theory]
    [InlineData("rule", "rule")]
    [InlineData("rule add", "rule add")]
    public void Read_HelpWithAVerbOrTheRuleFamily_HelpCommand(string verb, string expected)
    {
        var parsed = DiscordCommandReader.Read(Data(null, "help", ("command", verb)));

        Assert.Equal(new ChatCommand.Help(expected), parsed.Command);
    }

    [Fact]
    public void Build_HelpOption_SuggestsTheFamiliesAndEveryVerb()
    {
        var help = DiscordCommandDefinition.Build(global: true).Options!.Single(o => o.Name == "help");

        Assert.True(help.Options!.Single().Autocomplete);
        Assert.Equal(["rule", "watch", .. CommandCatalog.All.Select(e => e.Verb)], DiscordCommandDefinition.HelpTopics());
    }

    [Theory]
    [InlineData("91d", "too long")]
    [InlineData("soon", "not a duration")]
    public void Read_MuteWithABadDuration_SameErrorAsTypedTextWithUsage(string duration, string error)
    {
        var parsed = DiscordCommandReader.Read(Data("mute", "channel", ("duration", duration)));

        Assert.False(parsed.IsSuccess);
        Assert.Contains(error, parsed.Error, StringComparison.Ordinal);
        Assert.Equal(CommandCatalog.Find("mute")!.Usage, parsed.Usage);
    }

    [Fact]
    public void Read_SubscribeWithSeveralTargets_SplitAndLowerCased()
    {
        var parsed = DiscordCommandReader.Read(Data(null, "subscribe", ("feeds", "fr-bis, #Export-Controls  all")));

        var subscribe = Assert.IsType<ChatCommand.Subscribe>(parsed.Command);
        Assert.Equal(["fr-bis", "#export-controls", "all"], subscribe.Targets);
    }

    [Fact]
    public void Read_RuleTestWithDays_RuleTestCommand()
    {
        var json = """{"name":"policywatch","options":[{"name":"rule","type":2,"options":[{"name":"test","type":1,"options":[{"name":"expression","type":3,"value":"distill* NEAR/8 model"},{"name":"days","type":4,"value":30}]}]}]}""";

        var parsed = DiscordCommandReader.Read(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Data));

        Assert.Equal(new ChatCommand.RuleTest(30, "distill* NEAR/8 model"), parsed.Command);
    }

    [Fact]
    public void Read_AckWithLowerCaseId_NormalizedAck()
    {
        var parsed = DiscordCommandReader.Read(Data(null, "ack", ("alert", "pw-3f9k"), ("note", "sent to legal")));

        Assert.Equal(new ChatCommand.Ack("PW-3F9K", "sent to legal"), parsed.Command);
    }

    [Fact]
    public void Read_AckWithoutAnAlertId_InvalidWithTheUsage()
    {
        var parsed = DiscordCommandReader.Read(Data(null, "ack", ("alert", "hello")));

        Assert.Contains("not an alert id", parsed.Error, StringComparison.Ordinal);
        Assert.Equal("ack ALERT_ID [NOTE]", parsed.Usage);
    }

    [Theory]
    [InlineData("16", true)]
    [InlineData("8", true)]
    [InlineData("2147483648", false)]
    [InlineData("1125899906842623", true)]
    [InlineData("not a number", false)]
    [InlineData(null, false)]
    public void CanManageChannels_PermissionBits_AdministratorOrManageChannels(string? permissions, bool expected) =>
        Assert.Equal(expected, DiscordInteractionHandler.CanManageChannels(permissions));

    internal static DiscordInteractionWire.Data Data(string? group, string sub, params (string Name, string Value)[] values)
    {
        var options = values.Select(v => (DiscordInteractionWire.InteractionOption?)new DiscordInteractionWire.InteractionOption
        {
            Name = v.Name,
            Type = DiscordCommandWire.String,
            Value = JsonSerializer.SerializeToElement(v.Value, DiscordJsonContext.Default.String),
        }).ToList();
        var subcommand = new DiscordInteractionWire.InteractionOption { Name = sub, Type = DiscordCommandWire.SubCommand, Options = options };
        return new DiscordInteractionWire.Data
        {
            Name = DiscordCommandDefinition.Name,
            Options = [group is null ? subcommand : new DiscordInteractionWire.InteractionOption { Name = group, Type = DiscordCommandWire.SubCommandGroup, Options = [subcommand] }],
        };
    }
}
