using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class CommandCatalogTests
{
    private static readonly Type[] ButtonOnly = [typeof(ChatCommand.MuteAlertRules), typeof(ChatCommand.MuteAlertFeed)];

    public static TheoryData<string> Verbs => [.. CommandCatalog.All.Select(e => e.Verb)];

    [Fact]
    public void All_CoversEveryTypedCommand()
    {
        var typed = typeof(ChatCommand).GetNestedTypes()
            .Where(t => t.IsSubclassOf(typeof(ChatCommand)) && !ButtonOnly.Contains(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

        Assert.Equal(typed, CommandCatalog.All.Select(e => e.CommandType).OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void All_ListsTheVerbsOfCommandsMd()
    {
        Assert.Equal(
            ["help", "feeds", "subscribe", "unsubscribe", "subscriptions", "rule add", "rule edit", "rule remove", "rules", "rule urgent", "rule notify", "rule test", "mute", "unmute", "muted", "digest", "pending", "remind", "reminders", "watch add", "watch remove", "watch test", "watch import", "watch threshold", "watchlist", "flood", "ack", "status"],
            CommandCatalog.All.Select(e => e.Verb));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Example_Parses_ToTheEntrysCommand(string verb)
    {
        var entry = CommandCatalog.Get(verb);

        var result = CommandParser.Parse(entry.Example);

        Assert.True(result.IsSuccess, result.Error);
        Assert.IsType(entry.CommandType, result.Command);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void ManagersOnly_MatchesWhetherTheCommandChangesSetup(string verb)
    {
        var entry = CommandCatalog.Get(verb);

        var command = CommandParser.Parse(entry.Example).Command;

        Assert.NotNull(command);
        Assert.Equal(entry.ManagersOnly, command.ChangesSetup);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Entry_HasUsageStartingWithVerbAndOneLineSummary(string verb)
    {
        var entry = CommandCatalog.Get(verb);

        Assert.StartsWith(verb, entry.Usage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(entry.Summary));
        Assert.DoesNotContain('\n', entry.Summary);
        Assert.StartsWith(verb, entry.Example, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rule  ADD", "rule add")]
    [InlineData("status", "status")]
    public void Find_AnyCaseAndSpacing_ReturnsEntry(string typed, string verb)
    {
        Assert.Equal(verb, CommandCatalog.Find(typed)?.Verb);
    }

    [Theory]
    [InlineData("rule")]
    [InlineData("subscibe")]
    [InlineData("")]
    public void Find_NotAVerb_ReturnsNull(string typed)
    {
        Assert.Null(CommandCatalog.Find(typed));
    }

    [Fact]
    public void For_ButtonMute_IsTheMuteEntry()
    {
        Assert.Equal("mute", CommandCatalog.For(new ChatCommand.MuteAlertFeed("PW-3F9K", TimeSpan.FromHours(24))).Verb);
    }

    [Fact]
    public void For_TypedCommand_IsItsEntry()
    {
        Assert.Equal("rule test", CommandCatalog.For(new ChatCommand.RuleTest(90, "chip*")).Verb);
    }
}
