using PolicyWatchBot.Feeds.Backfill;

namespace PolicyWatchBot.Tests.Feeds.Backfill;

public sealed class BackfillQueryTests
{
    private static readonly Uri Feed = new("https://www.federalregister.gov/api/v1/documents.json?conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau&conditions%5Bpublication_date%5D%5Bgte%5D=%7Btoday-7d%7D&order=newest&per_page=100&page=3&fields%5B%5D=title");

    [Fact]
    public void For_FeedQuery_KeepsItsConditionsAndReplacesDatesAndPage()
    {
        var url = BackfillQuery.For(Feed, new BackfillWindow(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)));

        Assert.Equal(
            "?conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau&order=newest&per_page=100&fields%5B%5D=title"
            + "&conditions%5Bpublication_date%5D%5Bgte%5D=2026-01-01&conditions%5Bpublication_date%5D%5Blte%5D=2026-01-31",
            url.Query);
        Assert.Equal(Feed.GetLeftPart(UriPartial.Path), url.GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData("per_page=100", 100)]
    [InlineData("per_page=5000", 1000)]
    [InlineData("order=newest", BackfillQuery.DefaultPerPage)]
    [InlineData("per_page=lots", BackfillQuery.DefaultPerPage)]
    public void PerPage_Query_IsItsPageSizeWithinTheApiBounds(string query, int expected) =>
        Assert.Equal(expected, BackfillQuery.PerPage(new Uri("https://www.federalregister.gov/api/v1/documents.json?" + query)));

    [Fact]
    public void Months_YearFromTheSecond_IsThirteenCalendarMonthsCutToTheDaysNewestFirst()
    {
        var months = BackfillWindow.Months(new DateOnly(2025, 12, 2), new DateOnly(2026, 12, 2));

        Assert.Equal(13, months.Count);
        Assert.Equal(new BackfillWindow(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)), months[0]);
        Assert.Equal(new BackfillWindow(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), months[10]);
        Assert.Equal(new BackfillWindow(new DateOnly(2025, 12, 2), new DateOnly(2025, 12, 31)), months[^1]);
        Assert.Equal(366, months.Sum(m => m.Days));
    }

    [Fact]
    public void Split_Month_GivesTwoHalvesThatCoverItOnce()
    {
        var (older, newer) = new BackfillWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)).Split();

        Assert.Equal(new BackfillWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15)), older);
        Assert.Equal(new BackfillWindow(new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 31)), newer);
    }

    [Fact]
    public void Split_OneDay_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new BackfillWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)).Split());
}
