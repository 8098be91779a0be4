using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Tests.Core.Alerts;

public sealed class FeedHealthNoticeTextTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Meaning_FailingSinceEarlierToday_SaysNoAlertsSinceTheTime()
    {
        var notice = new FeedHealthNotice { FeedId = "fr-bis", Change = FeedHealthChange.Failing, At = At, Since = At.AddHours(-3.5), FailedPolls = 3 };

        Assert.Equal("Feed fr-bis is failing: 3 polls in a row", notice.Headline());
        Assert.StartsWith("No alerts from fr-bis since 09:00 UTC.", notice.Meaning(), StringComparison.Ordinal);
    }

    [Fact]
    public void Meaning_SinceAnotherDay_NamesTheDate()
    {
        var notice = new FeedHealthNotice { FeedId = "fr-bis", Change = FeedHealthChange.Empty, At = At, Since = At.AddDays(-1) };

        Assert.StartsWith("No alerts from fr-bis since 2026-03-01 12:30 UTC:", notice.Meaning(), StringComparison.Ordinal);
    }

    [Fact]
    public void Meaning_NeverRead_SaysSo()
    {
        var notice = new FeedHealthNotice { FeedId = "fr-bis", Change = FeedHealthChange.Failing, At = At, FailedPolls = 3 };

        Assert.StartsWith("No alerts from fr-bis yet: it has not been read once.", notice.Meaning(), StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_RecoveredWithOneItem_IsSingular()
    {
        var notice = new FeedHealthNotice { FeedId = "fr-bis", Change = FeedHealthChange.Recovered, At = At, CaughtUp = 1 };

        Assert.Equal("Feed fr-bis recovered: 1 item caught up", notice.Headline());
    }
}
