using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>Compiling the channels' rules again after a change parses only the expressions that are new.</summary>
public sealed class ChannelDirectoryTests
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis", "export-controls");

    [Fact]
    public void Compile_FromThePreviousDirectory_ParsesOnlyNewExpressionsAndMatchesLikeAFreshCompile()
    {
        var first = ChannelDirectory.Compile([Channel(1, ("chips", "semiconduct*"), ("eccn", "/3A09\\d/"))], version: 1);
        var channels = new[] { Channel(1, ("eccn", "/3A09\\d/"), ("entities", "\"entity list\"")), Channel(2, ("chips", "semiconduct*")) };

        var next = ChannelDirectory.Compile(channels, version: 2, previous: first);
        var fresh = ChannelDirectory.Compile(channels, version: 2);

        Assert.Equal(2, first.Matcher.ParsedCount);
        Assert.Equal(1, next.Matcher.ParsedCount);
        Assert.Equal(3, fresh.Matcher.ParsedCount);
        var item = Item("Semiconductors under 3A090 added to the Entity List");
        Assert.Equal(Matches(fresh, item), Matches(next, item));
        Assert.Equal(["1:eccn", "1:entities", "2:chips"], Matches(next, item));
    }

    [Fact]
    public void Compile_RuleRemovedSinceThePreviousDirectory_NoLongerMatches()
    {
        var first = ChannelDirectory.Compile([Channel(1, ("chips", "semiconduct*"), ("entities", "\"entity list\""))], version: 1);

        var next = ChannelDirectory.Compile([Channel(1, ("entities", "\"entity list\""))], version: 2, previous: first);

        Assert.Equal(0, next.Matcher.ParsedCount);
        Assert.Empty(Matches(next, Item("Semiconductor export controls")));
        Assert.Equal(["1:entities"], Matches(next, Item("Additions to the Entity List")));
    }

    [Fact]
    public void Compile_RefusedExpressionInThePreviousDirectory_StaysRefused()
    {
        var first = ChannelDirectory.Compile([Channel(1, ("broken", "semiconductor AND"))], version: 1);

        var next = ChannelDirectory.Compile([Channel(1, ("broken", "semiconductor AND"), ("chips", "semiconductor"))], version: 2, previous: first);

        Assert.Equal(1, next.Matcher.RefusedCount);
        Assert.Equal(["1:chips"], Matches(next, Item("Semiconductor export controls")));
    }

    [Fact]
    public void Match_StoredPatternThisEngineRefuses_IsReportedAndNotMatchedEvenUnderNot()
    {
        // Rules are checked when added, so only a store written under another regex engine holds one.
        const string lookahead = "export /(?=ab)a/";
        Assert.False(RuleParser.Parse(lookahead).IsSuccess);
        var directory = ChannelDirectory.Compile([Channel(1, ("lookahead", lookahead), ("negated", "export NOT /(?=ab)a/"), ("words", "export"))], version: 1);
        var matches = new List<ChannelMatch>();
        var timedOut = new List<RuleTimeout>();

        directory.Matcher.Match(ItemTokenizer.Tokenize(Item("Export controls on advanced computing")), directory.SubscribersOf(Bis), matches, timedOut);

        Assert.Equal(0, directory.Matcher.RefusedCount);
        Assert.Equal(["words"], matches.SelectMany(m => m.Rules.Select(r => r.RuleName)));
        Assert.Equal(["lookahead", "negated"], timedOut.Select(t => t.Rule));
    }

    private static List<string> Matches(ChannelDirectory directory, FeedItem item)
    {
        var matches = new List<ChannelMatch>();
        directory.Matcher.Match(ItemTokenizer.Tokenize(item), directory.SubscribersOf(Bis), matches);
        return [.. matches.SelectMany(m => m.Rules.Select(r => $"{m.Channel.ChannelId}:{r.RuleName}"))];
    }

    private static ChannelSetup Channel(long id, params (string Name, string Expression)[] rules) =>
        new(id, ChannelKey.Console("c" + id), ["fr-bis"], [.. rules.Select(r => new RuleDefinition(r.Name, r.Expression))]);

    private static FeedItem Item(string title) => new()
    {
        Key = ItemKey.FederalRegister("2024-00001"),
        NativeId = "2024-00001",
        Feed = new FeedId("fr-bis"),
        Title = title,
        DocumentType = "Rule",
        Jurisdiction = "us",
        PublishedOn = new DateOnly(2024, 1, 10),
        Stage = ItemStage.Published,
    };
}
