using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Alerts;

public sealed class AlertComposerTests
{
    private static readonly FeedDefinition Feed = new()
    {
        Id = new FeedId("uk-ecju"),
        Title = "GOV.UK: Export Control Joint Unit",
        Kind = FeedKind.Syndication,
        Url = new Uri("https://www.gov.uk/search/all.atom"),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromMinutes(30) },
        Jurisdiction = "uk",
        DefaultAgency = "Export Control Joint Unit",
        DefaultType = "notice",
    };

    private static FeedItem Item(string[]? agencies = null, string? type = null, string? summary = null) => new()
    {
        Key = new ItemKey("govuk:/government/news/x"),
        NativeId = "https://www.gov.uk/government/news/x",
        Feed = Feed.Id,
        Title = "Notice to exporters 2024/01",
        Link = new Uri("https://www.gov.uk/government/news/x"),
        Summary = summary,
        DocumentType = type,
        Agencies = agencies ?? [],
        PublishedOn = new DateOnly(2024, 1, 12),
        EffectiveOn = new DateOnly(2024, 2, 1),
        CommentsCloseOn = new DateOnly(2024, 3, 1),
        CfrReferences = ["15 CFR 744"],
        Dockets = ["BIS-2024-0001"],
    };

    private static AlertMessage Compose(FeedItem item, FeedDefinition? feed = null) =>
        AlertComposer.Compose("PW-0001", feed ?? Feed, item, RevisionKind.New, [], [], null);

    [Fact]
    public void Compose_AgenciesDifferingOnlyInCase_ShowsEachOnce()
    {
        var message = Compose(Item(agencies: ["Commerce Department", "COMMERCE DEPARTMENT", "Industry and Security Bureau", "industry and security bureau"]));

        Assert.Equal(new[] { "Commerce Department", "Industry and Security Bureau" }, message.Agencies);
    }

    [Fact]
    public void Compose_MoreThanThreeAgencies_ShowsFirstThree()
    {
        var message = Compose(Item(agencies: ["A Agency", "B Agency", "C Agency", "D Agency", "E Agency"]));

        Assert.Equal(new[] { "A Agency", "B Agency", "C Agency" }, message.Agencies);
    }

    [Fact]
    public void Compose_DuplicatesBeforeFourthAgency_CountsDistinctOnly()
    {
        var message = Compose(Item(agencies: ["A Agency", "a agency", "B Agency", "b agency", "C Agency", "D Agency"]));

        Assert.Equal(new[] { "A Agency", "B Agency", "C Agency" }, message.Agencies);
    }

    [Fact]
    public void Compose_ItemWithoutAgency_UsesFeedDefaultAgency()
    {
        Assert.Equal(new[] { "Export Control Joint Unit" }, Compose(Item()).Agencies);
    }

    [Fact]
    public void Compose_ItemWithAgency_IgnoresFeedDefaultAgency()
    {
        Assert.Equal(new[] { "HM Treasury" }, Compose(Item(agencies: ["HM Treasury"])).Agencies);
    }

    [Fact]
    public void Compose_NoAgencyAnywhere_ShowsNone()
    {
        Assert.Empty(Compose(Item(), Feed with { DefaultAgency = null }).Agencies);
    }

    [Fact]
    public void Compose_ItemWithoutType_UsesFeedDefaultType()
    {
        Assert.Equal("notice", Compose(Item(type: null)).DocumentType);
    }

    [Fact]
    public void Compose_ItemWithType_KeepsItemType()
    {
        Assert.Equal("Rule", Compose(Item(type: "Rule")).DocumentType);
    }

    [Fact]
    public void Compose_LongSummary_IsCut()
    {
        var summary = string.Join(' ', Enumerable.Repeat("The rule restricts exports of advanced computing items.", 30));

        var message = Compose(Item(summary: summary));

        Assert.Equal(SummaryCutter.Cut(summary), message.Summary);
        Assert.True(message.Summary!.Length <= SummaryCutter.DefaultMaxLength);
    }

    [Fact]
    public void Compose_Always_CopiesItemFeedAndRevisionFields()
    {
        FieldChange[] changes = [new("title", "Old", "New")];
        MatchedRule[] rules = [new("ecju", ["export control"])];
        var item = Item(type: "Rule");

        var message = AlertComposer.Compose("PW-0001", Feed, item, RevisionKind.Changed, changes, rules, "PW-3F9K");

        Assert.Equal(RevisionKind.Changed, message.Kind);
        Assert.Equal("govuk:/government/news/x", message.ItemKey);
        Assert.Equal("uk-ecju", message.FeedId);
        Assert.Equal(Feed.Title, message.FeedTitle);
        Assert.Equal(item.Title, message.Title);
        Assert.Equal("https://www.gov.uk/government/news/x", message.Link);
        Assert.Equal(item.PublishedOn, message.PublishedOn);
        Assert.Equal(item.EffectiveOn, message.EffectiveOn);
        Assert.Equal(item.CommentsCloseOn, message.CommentsCloseOn);
        Assert.Equal(item.CfrReferences, message.CfrReferences);
        Assert.Equal(item.Dockets, message.Dockets);
        Assert.Equal(changes, message.Changes);
        Assert.Equal(rules, message.MatchedRules);
        Assert.Equal("PW-3F9K", message.FirstAlertId);
    }

    [Fact]
    public void Compose_LongChangedValue_CutSoTheAlertStaysReadable()
    {
        var before = string.Join(' ', Enumerable.Repeat("The watched page said this.", 40));
        FieldChange[] changes = [new("summary", before, before + " And one more line.")];

        var message = AlertComposer.Compose("PW-0001", Feed, Item(), RevisionKind.Changed, changes, [], null);

        var change = Assert.Single(message.Changes);
        Assert.Equal("summary", change.Field);
        Assert.True(change.Old!.Length <= 300);
        Assert.True(change.New!.Length <= 300);
        Assert.EndsWith("And one more line.", change.New, StringComparison.Ordinal);
        Assert.StartsWith("…", change.Old, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_PlannedId_IsTheAlertsId()
    {
        Assert.Equal("PW-0001", Compose(Item()).AlertId);
    }
}
