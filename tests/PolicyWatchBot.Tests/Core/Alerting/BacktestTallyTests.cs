using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Core.Alerting;

/// <summary>What a backtest keeps while items stream by: counts and the newest matches.</summary>
public sealed class BacktestTallyTests
{
    [Fact]
    public void Add_ItemsInAnyOrder_CountsAndKeepsTheNewestMatchesNewestFirstThenByKey()
    {
        var tally = new BacktestTally("widget", shown: 3);
        var days = new[] { 5, 1, 9, 3, 3, 7, 2 };
        for (var i = 0; i < days.Length; i++)
        {
            tally.Add(Dated($"2024-{i:00000}", i == 6 ? "Gadget notice" : "Widget notice", new DateOnly(2024, 1, days[i])));
        }

        Assert.Equal((7, 6), (tally.Items, tally.Matches));
        Assert.Equal(
            new[] { ("2024-00002", 9), ("2024-00005", 7), ("2024-00000", 5) },
            tally.Newest().Select(m => (m.Item.NativeId, m.Date.Day)));
    }

    [Fact]
    public void Newest_PrefixHit_TermsAsTheItemSpellsThem()
    {
        var tally = new BacktestTally("semiconduct*", shown: 10);

        tally.Add(Dated("2024-00001", "Semiconductors and Semiconductor tools", new DateOnly(2024, 1, 2)));

        Assert.Equal(new[] { "Semiconductors", "Semiconductor" }, Assert.Single(tally.Newest()).Terms);
    }

    [Fact]
    public void Add_NoItems_NothingCounted()
    {
        var tally = new BacktestTally("widget", shown: 10);

        Assert.Equal((0, 0), (tally.Items, tally.Matches));
        Assert.Empty(tally.Newest());
    }

    private static BacktestItem Dated(string number, string title, DateOnly date) =>
        new(StoreTestData.Item(number, title) with { Summary = null }, date);
}
