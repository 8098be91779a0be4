using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>Noise tiers in a plan: urgent alerts marked and never grouped, the channel's own flood threshold.</summary>
public sealed class NoisePlanningTests
{
    private static readonly FeedDefinition Bis = StoreTestData.Feed("fr-bis");

    [Fact]
    public void Plan_UrgentRuleWithAMention_TheAlertIsUrgentAndPingsIt()
    {
        var legal = new Mention(MentionKind.Group, "S1");
        var channel = Channel(1, rules: [new RuleDefinition("chips", "chip*") { Urgent = true, Notify = legal }]);

        var alert = Assert.Single(Plan([Item(1, "Chip export controls")], [channel]).Alerts);

        Assert.Equal(("rule chips is urgent", legal), (alert.Message.Urgency, Assert.Single(alert.Message.Mentions)));
    }

    [Fact]
    public void Plan_AboveTheChannelsFloodThreshold_GroupedBelowIsNot()
    {
        var items = Enumerable.Range(1, 3).Select(i => Item(i, "Notice " + i)).ToArray();

        var plan = Plan(items, [Channel(1) with { FloodThreshold = 2 }, Channel(2) with { FloodThreshold = 3 }]);

        var digest = Assert.Single(plan.Digests);
        Assert.Equal((1L, 3), (digest.ChannelId, digest.Digest.Entries.Count));
    }

    [Fact]
    public void Plan_FloodWithUrgentAlerts_TheUrgentOnesStayOutAndDoNotCount()
    {
        var items = new[] { Item(1, "Interim rule", action: "Interim final rule."), Item(2, "Notice two"), Item(3, "Notice three") };

        var plan = Plan(items, [Channel(1) with { FloodThreshold = 1 }]);

        var digest = Assert.Single(plan.Digests);
        Assert.Equal(["Notice two", "Notice three"], digest.Digest.Entries.Select(e => e.Title));
        var urgent = plan.Alerts.Single(a => a.Message.Urgency is not null);
        Assert.True(urgent.Thread!.StartsThread);
        Assert.All(plan.Alerts.Where(a => a != urgent), a => Assert.Null(a.Thread));
    }

    [Fact]
    public void Plan_TwoUrgentAlertsAboveTheThreshold_NothingGrouped()
    {
        var items = new[] { Item(1, "One", action: "Interim final rule."), Item(2, "Two", action: "Interim final rule.") };

        Assert.Empty(Plan(items, [Channel(1) with { FloodThreshold = 1 }]).Digests);
    }

    private static PollPlan Plan(IReadOnlyList<FeedItem> items, IReadOnlyList<ChannelSetup> channels)
    {
        var directory = ChannelDirectory.Compile(channels, version: 1);
        var diff = PollPlanner.Diff(Bis, items, new Dictionary<ItemKey, StoredItem>());
        return PollPlanner.Plan(diff, directory.SubscribersOf(Bis), new PollState(), AlertHistory.Empty);
    }

    private static ChannelSetup Channel(long id, RuleDefinition[]? rules = null) =>
        new(id, ChannelKey.Console("c" + id), ["fr-bis"], rules ?? []);

    private static FeedItem Item(int number, string title, string? action = null) => new()
    {
        Key = ItemKey.FederalRegister($"2024-{number:00000}"),
        NativeId = $"2024-{number:00000}",
        Feed = Bis.Id,
        Title = title,
        Action = action,
        DocumentType = "Notice",
        PublishedOn = new DateOnly(2024, 1, 10),
        Stage = ItemStage.Published,
    };
}
