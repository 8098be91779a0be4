using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Delivery.ConsoleOutput;
using PolicyWatchBot.Tests.Core.Rules;
using PolicyWatchBot.Tests.Slack;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>Matched terms as the item spells them, from the match to the bold words on every platform.</summary>
public sealed class MatchedTermsTests
{
    [Theory]
    [InlineData("semiconduct*", "New rules for Semiconductors and tools.", "Semiconductors")]
    [InlineData("/3A09\\d/", "Items under ECCN 3A090 are controlled.", "3A090")]
    [InlineData("\"entity list\"", "Additions to the Entity   List today.", "Entity   List")]
    [InlineData("resume", "A Résumé of controls.", "Résumé")]
    [InlineData("abc", "Full width ＡＢＣ letters.", "ＡＢＣ")]
    public void Of_Hit_IsTheTextAsTheItemSpellsIt(string expression, string summary, string expected)
    {
        var item = ItemTokenizer.Tokenize(TestItem.Create("Title", summary));

        var rule = MatchedTerms.Of(RuleSet.Compile([new RuleDefinition("r", expression)]).Match(item)[0], item);

        var hit = Assert.Single(rule.Hits);
        Assert.Equal((ItemField.Summary, expected), (hit.Field, hit.Text));
        Assert.Equal(expected, summary.Substring(hit.Start, hit.Length));
        Assert.Equal(AlertText.OneLine(expected), Assert.Single(rule.Terms));
    }

    [Fact]
    public void Of_SameTermTwiceInTwoSpellings_TermsListItOnceAndHitsTwice()
    {
        var item = ItemTokenizer.Tokenize(TestItem.Create("Semiconductor controls", "More on semiconductors."));

        var rule = MatchedTerms.Of(RuleSet.Compile([new RuleDefinition("r", "semiconduct*")]).Match(item)[0], item);

        Assert.Equal(new[] { "Semiconductor", "semiconductors" }, rule.Hits.Select(h => h.Text));
        Assert.Equal(new[] { ItemField.Title, ItemField.Summary }, rule.Hits.Select(h => h.Field));
        Assert.Equal(2, rule.Terms.Count);
    }

    [Fact]
    public void Compose_SummaryHits_CountInTheShortenedSummaryAndThosePastItsEndAreLeftOut()
    {
        var summary = "Controls  on\nsemiconductors. " + string.Concat(Enumerable.Repeat("Filler words of no interest here. ", 30)) + "Last semiconductor.";
        var tokens = ItemTokenizer.Tokenize(TestItem.Create("Title", summary));
        var rule = MatchedTerms.Of(RuleSet.Compile([new RuleDefinition("chips", "semiconduct*")]).Match(tokens)[0], tokens);

        var message = AlertComposer.Compose("PW-0001", StoreTestData.Feed(), tokens.Item, RevisionKind.New, [], [rule], null);

        var hit = Assert.Single(message.MatchedRules[0].Hits);
        Assert.Equal("semiconductors", message.Summary!.Substring(hit.Start, hit.Length));
        Assert.Equal(2, rule.Hits.Count);
    }

    [Fact]
    public void Runs_MarkInsideAWordAndOverlappingMarks_MarkWholeWordsOnce()
    {
        var runs = MarkedText.Runs("ECCN 3A090 and 3A091a items", [(6, 4), (15, 5), (17, 3)]);

        Assert.Equal(
            new[] { new TextRun("ECCN ", false), new TextRun("3A090", true), new TextRun(" and ", false), new TextRun("3A091a", true), new TextRun(" items", false) },
            runs);
    }

    [Fact]
    public void Runs_MarkPastTheShownText_IsLeftOutOrStopsAtItsEnd()
    {
        Assert.Equal(new[] { new TextRun("short ", false), new TextRun("tex", true) }, MarkedText.Runs("short tex", [(6, 10), (40, 3)]));
    }

    [Fact]
    public void Renderers_PrefixAndRegexHits_AreBoldOnSlackDiscordAndTheConsole()
    {
        var alert = PlannedAlert("New controls on Semiconductors under ECCN 3A090.", ("chips", "semiconduct*"), ("eccn", "/3A09\\d/"));

        var slack = string.Join("\n", SlackTestData.Texts(SlackTestData.Json(SlackPostRenderer.Render(alert))));
        var discord = DiscordPostRenderer.Render(alert).Embeds![0].Description!;
        var console = ConsoleAlertRenderer.Render(alert);

        Assert.Contains("*Semiconductors*", slack, StringComparison.Ordinal);
        Assert.Contains("*3A090*", slack, StringComparison.Ordinal);
        Assert.Contains("**Semiconductors**", discord, StringComparison.Ordinal);
        Assert.Contains("**3A090**", discord, StringComparison.Ordinal);
        Assert.Contains("   New controls on **Semiconductors** under ECCN **3A090**.\n", console, StringComparison.Ordinal);
        Assert.Contains("matched chips (Semiconductors); eccn (3A090)", console, StringComparison.Ordinal);
    }

    /// <summary>An alert as a poll plans it for a channel with these rules.</summary>
    private static AlertMessage PlannedAlert(string summary, params (string Name, string Expression)[] rules)
    {
        var feed = StoreTestData.Feed();
        var item = StoreTestData.Item() with { Title = "A rule", Summary = summary };
        var channel = new ChannelSetup(1, ChannelKey.Console("desk"), ["fr-bis"], [.. rules.Select(r => new RuleDefinition(r.Name, r.Expression))]);
        var diff = PollPlanner.Diff(feed, [item], new Dictionary<ItemKey, PolicyWatchBot.Core.Storage.StoredItem>());
        var plan = PollPlanner.Plan(diff, ChannelDirectory.Compile([channel], 1).SubscribersOf(feed), new PollState(), AlertHistory.Empty);
        return Assert.Single(plan.Alerts).Message;
    }
}
