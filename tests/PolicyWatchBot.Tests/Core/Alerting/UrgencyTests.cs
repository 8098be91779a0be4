using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Alerting;

public sealed class UrgencyTests
{
    private static readonly FeedItem Notice = new()
    {
        Key = ItemKey.FederalRegister("2024-00190"),
        NativeId = "2024-00190",
        Feed = new FeedId("fr-bis"),
        Title = "Agency information collection",
        DocumentType = "Notice",
        PublishedOn = new DateOnly(2024, 1, 9),
        Stage = ItemStage.Published,
    };

    [Theory]
    [InlineData("Interim final rule.", null, "interim final rule")]
    [InlineData(null, "Additions to the Entity List", "Entity List addition")]
    [InlineData(null, "Entity List: Additions and Revisions", "Entity List addition")]
    public void ByNature_UrgentKindsOfDocument_TheReason(string? action, string? title, string reason)
    {
        var item = Notice with { Action = action, Title = title ?? Notice.Title };

        Assert.Equal(reason, Urgency.ByNature(item, RevisionKind.New));
    }

    [Fact]
    public void ByNature_SpecialFilingOnPublicInspection_Urgent()
    {
        var item = Notice with { Stage = ItemStage.PublicInspection, FilingType = "special" };

        Assert.Equal("special filing on public inspection", Urgency.ByNature(item, RevisionKind.New));
        Assert.Null(Urgency.ByNature(item with { FilingType = "regular" }, RevisionKind.New));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(-1, false)]
    public void ByNature_RuleEffectiveSoonAfterPublication_UrgentWithinThreeDays(int days, bool urgent)
    {
        var item = Notice with { DocumentType = "Rule", EffectiveOn = Notice.PublishedOn!.Value.AddDays(days) };

        Assert.Equal(urgent, Urgency.ByNature(item, RevisionKind.Published) is not null);
        Assert.Null(Urgency.ByNature(item with { DocumentType = "Notice" }, RevisionKind.Published));
    }

    [Fact]
    public void ByNature_SignificantRule_Urgent()
    {
        var item = Notice with { DocumentType = "Rule", FederalRegister = new FederalRegisterDetail { Significant = true } };

        Assert.Equal("significant rule", Urgency.ByNature(item, RevisionKind.New));
    }

    [Fact]
    public void ByNature_ALaterChangeOfAnUrgentDocument_NotUrgentAgain()
    {
        var item = Notice with { Action = "Interim final rule." };

        Assert.Null(Urgency.ByNature(item, RevisionKind.Changed));
        Assert.Null(Urgency.ByNature(item, RevisionKind.Corrected));
    }

    [Fact]
    public void Of_AnUrgentRuleMatched_ItsReasonAndItsMentionOnly()
    {
        var legal = new Mention(MentionKind.Group, "S1");
        RuleDefinition[] rules =
        [
            new("chips", "chip*") { Urgent = true, Notify = legal },
            new("quiet", "x") { Notify = new Mention(MentionKind.User, "U9") },
            new("other", "y") { Urgent = true, Notify = new Mention(MentionKind.User, "U8") },
        ];

        var (reason, mentions) = Urgency.Of(Notice, RevisionKind.Changed, [new RuleMatch("chips", []), new RuleMatch("quiet", [])], rules);

        Assert.Equal("rule chips is urgent", reason);
        Assert.Equal([legal], mentions);
    }

    [Fact]
    public void Of_NoUrgentRuleAndAnOrdinaryItem_NotUrgentAndNoMention()
    {
        var rules = new[] { new RuleDefinition("quiet", "x") { Notify = new Mention(MentionKind.User, "U9") } };

        Assert.Equal((null, 0), (Urgency.Of(Notice, RevisionKind.New, [new RuleMatch("quiet", [])], rules) is var (r, m) ? (r, m.Count) : default));
    }
}
