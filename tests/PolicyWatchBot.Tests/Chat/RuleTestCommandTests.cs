using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>rule test [--days N] EXPRESSION</c>: a backtest over the stored items of the channel's feeds.</summary>
public sealed partial class RuleTestCommandTests : ConversationTest
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

    [Fact]
    public async Task RuleTest_PolledFixture_CountsTheMatches()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test title:\"information collection\" OR title:\"advisory committee\"");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Contains("on fr-bis, last 90 days (4 stored items): 3 matches, about 0.9 alerts per week over 23 days of stored history. Newest first:", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_PolledFixture_MatchesListedNewestFirst()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test type:notice");

        Assert.Equal(["2024-01-12", "2024-01-11", "2024-01-10", "2024-01-09"], BulletDates(reply));
        Assert.Equal(["2024-00582", "2024-00422", "2024-00359", "2024-00190"], reply.Lines.Where(l => l.IsBullet).Select(l => DocumentNumber().Match(l.ToString()).Value));
    }

    [Fact]
    public async Task RuleTest_Match_BulletNamesFeedAndMatchedTerms()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test title:\"advisory committee\"");

        var bullet = Assert.Single(reply.Lines, l => l.IsBullet);
        var link = Assert.IsType<Inline.Link>(bullet.Parts[1]);
        Assert.StartsWith("Sensors and Instrumentation Technical Advisory Committee", link.Text, StringComparison.Ordinal);
        Assert.Contains("2024-00422", link.Url, StringComparison.Ordinal);
        Assert.EndsWith(" · fr-bis · matched advisory committee", bullet.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RuleTest_ItemsOfFeedsNotSubscribed_NotTested()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");
        await PollAsync("fr-ofac");

        var reply = await SayAsync("rule test agency:\"foreign assets control\"");

        Assert.Contains("on fr-bis, last 90 days (4 stored items): 0 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(reply.Lines, l => l.IsBullet);
    }

    [Fact]
    public async Task RuleTest_TagSubscription_TestsEveryFeedOfTheTag()
    {
        await SayAsync("subscribe #export-controls");
        await PollAsync("fr-bis");
        await PollAsync("fr-ofac");

        var reply = await SayAsync("rule test agency:\"foreign assets control\" OR agency:\"industry and security\"");

        Assert.Contains("on fr-bis, fr-ofac, last 90 days (8 stored items): 8 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_MoreThanTenMatches_ShowsTheTenNewestAndCountsTheRest()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync([.. Enumerable.Range(1, 12).Select(day => NewItem(title: $"Widget export notice {day}", published: new DateOnly(2024, 1, day)))]);

        var reply = await SayAsync("rule test widget*");

        Assert.Contains("12 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(day => $"2024-01-{day:00}"), BulletDates(reply));
        Assert.Contains("…and 2 older matches.", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_HistoryShorterThanTheWindow_AlertsPerWeekOverTheStoredHistory()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync([.. Enumerable.Range(1, 8).Select(day => NewItem(title: $"Widget notice {day}", published: Today.AddDays(-day)))]);

        var reply = await SayAsync("rule test --days 28 widget");

        Assert.Contains("8 matches, about 7 alerts per week over 8 days of stored history", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_HistoryLongerThanTheWindow_AlertsPerWeekOverTheWindow()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync([.. new[] { 7, 14, 21, 28, 35 }.Select(day => NewItem(title: $"Widget notice {day}", published: Today.AddDays(-day)))]);

        var reply = await SayAsync("rule test --days 28 widget");

        Assert.Contains("4 matches, about 1 alerts per week over 28 days of stored history", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_NothingStoredInTheWindow_NoRateClaimed()
    {
        await SayAsync("subscribe fr-bis");

        var reply = await SayAsync("rule test widget");

        Assert.EndsWith("0 stored items): 0 matches, no stored history to count alerts per week on.", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_LongTestWithAProgressSink_ReportsHowFarItGot()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync([.. Enumerable.Range(1, 4).Select(day => NewItem(title: $"Widget notice {day}", published: Today.AddDays(-day)))]);
        var progress = new RecordingProgress();
        Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(2);

        var reply = await Handler.HandleTextAsync(Desk, "desk", Alice, "rule test widget", progress, Ct);
        Clock.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.Contains("4 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(progress.Reports);
        Assert.All(progress.Reports, r => Assert.Matches(@"^Working: \d+ % of 4 items…$", r));
        Assert.Equal("Working: 100 % of 4 items…", progress.Reports[^1]);
    }

    [Fact]
    public async Task RuleTest_ANewerTestOfTheSameUserStarts_TheOlderStopsSayingSo()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync([.. Enumerable.Range(1, 4).Select(day => NewItem(title: $"Widget notice {day}", published: Today.AddDays(-day)))]);
        var runs = Host.Services.GetRequiredService<BacktestRuns>();
        BacktestRuns.Run? newer = null;
        var progress = new RecordingProgress(() => newer ??= runs.Start(Desk, Alice.Actor.UserId, Ct));
        Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(2);

        var reply = await Handler.HandleTextAsync(Desk, "desk", Alice, "rule test widget", progress, Ct);
        Clock.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.StartsWith("Stopped the backtest of widget after 2 items: a newer rule test of yours replaced it.", reply.ToString(), StringComparison.Ordinal);
        Assert.False(newer!.Token.IsCancellationRequested);
        newer.Dispose();
    }

    [Fact]
    public async Task RuleTest_AnotherUsersTestStarts_BothRunToTheEnd()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync([.. Enumerable.Range(1, 4).Select(day => NewItem(title: $"Widget notice {day}", published: Today.AddDays(-day)))]);
        var runs = Host.Services.GetRequiredService<BacktestRuns>();
        BacktestRuns.Run? other = null;
        var progress = new RecordingProgress(() => other ??= runs.Start(Desk, Bob.Actor.UserId, Ct));
        Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(2);

        var reply = await Handler.HandleTextAsync(Desk, "desk", Alice, "rule test widget", progress, Ct);
        Clock.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.Contains("4 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
        other!.Dispose();
    }

    [Fact]
    public async Task RuleTest_DaysOption_OnlyItemsDatedInTheWindow()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync(
            NewItem(title: "Widget notice recent", published: Today.AddDays(-5)),
            NewItem(title: "Widget notice last month", published: Today.AddDays(-30)),
            NewItem(title: "Widget notice older", published: Today.AddDays(-31)));

        var reply = await SayAsync("rule test --days 30 widget");

        Assert.Contains("last 30 days (2 stored items): 2 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("older", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_NoDaysOption_Last90Days()
    {
        await SayAsync("subscribe fr-bis");
        await SeedItemsAsync(
            NewItem(title: "Widget notice in", published: Today.AddDays(-90)),
            NewItem(title: "Widget notice out", published: Today.AddDays(-91)));

        var reply = await SayAsync("rule test widget");

        Assert.Contains("last 90 days (1 stored item): 1 match,", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("Widget notice in", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_ExpressionStartingWithMinus_TestedAsANegation()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test --days 90 -\"information collection\"");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Contains(": 2 matches", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_AnyExpression_NothingSaved()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");
        var before = await StateAsync();

        var reply = await SayAsync("rule test type:notice");

        Assert.Equal("Nothing was saved; to use it: rule add NAME type:notice", reply.Lines[^1].ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleTest_BadExpression_RefusedNamingTheColumn()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();

        var reply = await SayAsync("rule test (widget OR");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.StartsWith("Not tested: column ", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("(widget OR", reply.Lines[1].ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleTest_NoSubscription_SaysToSubscribeFirst()
    {
        var reply = await SayAsync("rule test widget");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.StartsWith("This channel subscribes to no feed, so there is nothing to test the expression on.", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_NoMatch_SaysZeroWithoutAList()
    {
        await SayAsync("subscribe fr-bis");
        await PollAsync("fr-bis");

        var reply = await SayAsync("rule test zeppelin");

        Assert.EndsWith("0 matches, about 0 alerts per week over 23 days of stored history.", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(2, reply.Lines.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ChatCommand.RuleTest.MaxDays + 1)]
    public async Task RuleTest_DaysOutOfRangeFromDiscordOptions_RefusedWithUsage(int days)
    {
        await SayAsync("subscribe fr-bis");

        var reply = await RunAsync(new ChatCommand.RuleTest(days, "widget"));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith($"--days must be between 1 and 3650; got {days}.", reply.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: rule test [--days N] EXPRESSION", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_EmptyExpressionFromDiscordOptions_RefusedWithTheRuleTestUsage()
    {
        await SayAsync("subscribe fr-bis");

        var reply = await RunAsync(new ChatCommand.RuleTest(ChatCommand.RuleTest.DefaultDays, " "));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("Not tested: the expression is empty.\nusage: rule test [--days N] EXPRESSION", reply.ToString());
    }

    [Fact]
    public async Task RuleTest_DaysNotANumber_RefusedWithUsage()
    {
        var reply = await SayAsync("rule test --days thirty widget");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("usage: rule test [--days N] EXPRESSION", reply.Lines[^1].ToString());
    }

    private static List<string> BulletDates(ChatReply reply) =>
        reply.Lines.Where(l => l.IsBullet).Select(l => l.ToString()[2..12]).ToList();

    [GeneratedRegex(@"20\d\d-\d{5}")]
    private static partial Regex DocumentNumber();

    /// <summary>Records each progress line; runs <paramref name="onReport"/> at each report (a newer test starting meanwhile).</summary>
    private sealed class RecordingProgress(Action? onReport = null) : IProgress<ChatReply>
    {
        public List<string> Reports { get; } = [];

        public void Report(ChatReply value)
        {
            Reports.Add(value.ToString());
            onReport?.Invoke();
        }
    }
}
