using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Items;

/// <summary>A json-list item's further fields and a detail page's text: searched, shown, revised (or inherited).</summary>
public sealed class ItemExtrasAndDetailTests
{
    private static readonly FeedItem Bill = new()
    {
        Key = new ItemKey("api.congress.gov:119-hr-3447"),
        NativeId = "119-hr-3447",
        Feed = new FeedId("congress-bills"),
        Title = "Chip Security Act",
        Extras = [new ItemExtra("latest action", "Referred to the Committee on Foreign Affairs."), new ItemExtra("policy area", "International Affairs")],
    };

    private static bool Matches(string expression, FeedItem item) => RuleSet.Compile([new RuleDefinition("r", expression)]).Match(item).Count == 1;

    [Fact]
    public void Compare_LatestActionMoved_IsARevisionNamingTheField()
    {
        var moved = Bill with { Extras = [new ItemExtra("latest action", "Passed House."), Bill.Extras[1]] };

        var diff = ItemDiffer.Compare(Bill, moved);

        Assert.Equal(RevisionKind.Changed, diff.Kind);
        Assert.Equal(new FieldChange("latest action", "Referred to the Committee on Foreign Affairs.", "Passed House."), Assert.Single(diff.Changes));
    }

    [Theory]
    [InlineData("\"foreign affairs\"", true)]
    [InlineData("\"international affairs\"", true)]
    [InlineData("title:\"foreign affairs\"", false)]
    [InlineData("summary:\"foreign affairs\"", false)]
    public void Match_Extras_AreInTheDefaultTextOnly(string expression, bool expected)
    {
        Assert.Equal(expected, Matches(expression, Bill));
    }

    [Fact]
    public void Match_DetailText_IsASummary()
    {
        var release = Bill with { Extras = [], Detail = "Commerce adds entities to the Entity List." };

        Assert.True(Matches("\"entity list\"", release));
        Assert.True(Matches("summary:\"entity list\"", release));
        Assert.False(Matches("title:\"entity list\"", release));
    }

    [Fact]
    public void WithWellFormedText_ExtrasAndDetail_MadeWellFormed()
    {
        var item = Bill with { Extras = [new ItemExtra("latest action", "x\uD800y")], Detail = "a\uFFFEb" };

        var clean = item.WithWellFormedText();

        Assert.Equal("x\uFFFDy", clean.Extras[0].Value);
        Assert.Equal("a\uFFFDb", clean.Detail);
        Assert.Same(Bill.Extras, Bill.WithWellFormedText().Extras);
    }

    [Fact]
    public void Compare_DetailTextOnly_IsNoRevision()
    {
        Assert.False(ItemDiffer.Compare(Bill with { Detail = "text" }, Bill with { Detail = "other text" }).IsRevision);
    }

    [Fact]
    public void Inherit_StoredDetailAndDate_KeptWhenTheListingHasNeither()
    {
        var stored = Bill with { Detail = "Page text", PublishedOn = new DateOnly(2025, 3, 25) };

        var item = DetailInheritance.Inherit(stored, Bill);

        Assert.Equal("Page text", item.Detail);
        Assert.Equal(new DateOnly(2025, 3, 25), item.PublishedOn);
        Assert.Same(Bill, DetailInheritance.Inherit(null, Bill));
        Assert.Equal(new DateOnly(2025, 4, 1), DetailInheritance.Inherit(stored, Bill with { PublishedOn = new DateOnly(2025, 4, 1) }).PublishedOn);
    }

    [Fact]
    public void Compose_NoSummary_ToldByDetailThenByTheFurtherFields()
    {
        var feed = new FeedDefinition
        {
            Id = Bill.Feed,
            Title = "Congress.gov bills",
            Kind = FeedKind.JsonList,
            Url = new Uri("https://api.congress.gov/v3/bill"),
            Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(3) },
            Jurisdiction = "us",
        };

        var byExtras = AlertComposer.Compose("PW-TEST", feed, Bill, RevisionKind.New, [], [], null);
        var byDetail = AlertComposer.Compose("PW-TEST", feed, Bill with { Detail = "The page's own text." }, RevisionKind.New, [], [], null);

        Assert.Equal("Latest action: Referred to the Committee on Foreign Affairs. Policy area: International Affairs.", byExtras.Summary);
        Assert.Equal("The page's own text.", byDetail.Summary);
    }
}
