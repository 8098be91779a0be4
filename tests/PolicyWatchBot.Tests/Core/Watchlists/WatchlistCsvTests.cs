using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Tests.Core.Watchlists;

public sealed class WatchlistCsvTests
{
    [Fact]
    public void Parse_HeaderQuotesBomAndCrlf_EntriesWithAliasesAndCountry()
    {
        var result = WatchlistCsv.Parse("\uFEFFname,aliases,country\r\n\"Acme, Inc.\",Acme;ACME Intl | Acme Trading,ae\r\nHuawei Technologies Co., Ltd.\r\n\r\n\"Beta \"\"Labs\"\"\",,\r\n");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Collection(result.Entries,
            e => Assert.Equal(new WatchlistEntry("Acme, Inc.", ["Acme", "ACME Intl", "Acme Trading"], "AE"), e),
            e => Assert.Equal(new WatchlistEntry("Huawei Technologies Co.", ["Ltd."], null), e),
            e => Assert.Equal(new WatchlistEntry("Beta \"Labs\"", [], null), e));
    }

    [Fact]
    public void Parse_QuotedNameWithComma_IsOneName()
    {
        var result = WatchlistCsv.Parse("\"Huawei Technologies Co., Ltd.\",Huawei,CN");

        Assert.Equal(new WatchlistEntry("Huawei Technologies Co., Ltd.", ["Huawei"], "CN"), Assert.Single(result.Entries));
    }

    [Theory]
    [InlineData("Acme,,China\n", "line 1: 'China' is not a two-letter country code")]
    [InlineData("name,aliases,country\nAcme\n,Alias\n", "line 3: the name is empty")]
    [InlineData("Acme\nBeta\nACME\n", "line 3: 'ACME' is already on line 1")]
    [InlineData("Acme,a,CN,extra\n", "line 1: 4 columns; the columns are name, aliases, country")]
    [InlineData("name,aliases,country\n", "the file has no entries")]
    public void Parse_BadRow_RefusesTheWholeFileWithItsLine(string csv, string error)
    {
        var result = WatchlistCsv.Parse(csv);

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Entries);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyBadRows_NamesThreeAndCountsTheRest()
    {
        var result = WatchlistCsv.Parse(string.Concat(Enumerable.Range(1, 5).Select(i => $"Acme {i},,XYZ\n")));

        Assert.Contains("line 1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 3:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 4:", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("and 2 more rows", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreThanTheLimit_Refused()
    {
        var result = WatchlistCsv.Parse(string.Concat(Enumerable.Range(1, WatchlistLimits.MaxEntries + 1).Select(i => $"Company {i}\n")));

        Assert.Equal("the file has 10,001 entries; a channel's watchlist holds at most 10,000", result.Error);
    }
}
