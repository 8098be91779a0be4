using PolicyWatchBot.Feeds.Lists;

namespace PolicyWatchBot.Tests.Feeds.Lists;

public sealed class ListDatesTests
{
    [Theory]
    [InlineData("09/05/2025", false, 2025, 9, 5)]
    [InlineData("09/05/2025", true, 2025, 5, 9)]
    [InlineData("14/03/1971", true, 1971, 3, 14)]
    [InlineData("2022-02-28", true, 2022, 2, 28)]
    [InlineData("06/29/2056", false, 2056, 6, 29)]
    public void Of_WholeDate_ReadsItInTheListsOrder(string text, bool dayFirst, int year, int month, int day)
    {
        var date = ListDates.Of("listed", text, dayFirst);

        Assert.Equal(new DateOnly(year, month, day), date!.Value);
        Assert.Null(date.Flag);
        Assert.Equal(text, date.Text);
    }

    [Theory]
    [InlineData("1962")]
    [InlineData("00/00/1968")]
    [InlineData("00/03/1968")]
    public void Of_YearAlone_KeepsItWithoutAValueOrAFlag(string text)
    {
        var date = ListDates.Of("born", text, dayFirst: true);

        Assert.Equal(new EntityDateShape("born", text, null, null), new EntityDateShape(date!.Kind, date.Text, date.Value, date.Flag));
    }

    [Theory]
    [InlineData("0222", "year 222 is not a plausible date")]
    [InlineData("3017-08-22", "year 3017 is not a plausible date")]
    [InlineData("31/31/2020", "not a date")]
    public void Of_ImpossibleDate_KeepsItFlagged(string text, string flag)
    {
        Assert.Equal(flag, ListDates.Of("born", text, dayFirst: true)!.Flag);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-0- ")]
    public void Of_NoDate_IsNull(string? text)
    {
        Assert.Null(ListDates.Of("born", text));
    }

    private sealed record EntityDateShape(string Kind, string Text, DateOnly? Value, string? Flag);
}
