using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Tests.Core.Threads;

public sealed class ThreadStageTests
{
    private static readonly ThreadStage Published = new()
    {
        Stage = ItemStage.Published,
        PublishedOn = new DateOnly(2024, 1, 9),
        CommentsCloseOn = new DateOnly(2024, 3, 11),
        EffectiveOn = new DateOnly(2024, 2, 8),
    };

    [Fact]
    public void Describe_ComingDates_TheNextOneWithTheCalendarDaysLeft()
    {
        Assert.Equal("Published 2024-01-09 · effective 2024-02-08 (in 12 days)", (Published with { AsOf = new DateOnly(2024, 1, 27) }).Describe());
        Assert.Equal("Published 2024-01-09 · comments close 2024-03-11 (tomorrow)", (Published with { AsOf = new DateOnly(2024, 3, 10) }).Describe());
        Assert.Equal("Published 2024-01-09 · comments close 2024-03-11 (today)", (Published with { AsOf = new DateOnly(2024, 3, 11) }).Describe());
    }

    [Fact]
    public void Describe_EveryDatePast_OnlyTheStage()
    {
        Assert.Equal("Published 2024-01-09", (Published with { AsOf = new DateOnly(2024, 3, 12) }).Describe());
    }

    [Fact]
    public void Describe_PublicInspectionAndWithdrawn_SayWhereTheDocumentIs()
    {
        Assert.Equal("On public inspection, to be published 2024-01-09 · effective 2024-02-08",
            (Published with { Stage = ItemStage.PublicInspection, CommentsCloseOn = null }).Describe());
        Assert.Equal("Withdrawn", (Published with { Stage = ItemStage.Withdrawn }).Describe());
    }

    [Fact]
    public void At_CountsTheDayInTheSourcesZone()
    {
        // 03:30 UTC on 11 March is still 10 March in New York (UTC-4 since 10 March 2024).
        var stage = Published.At(new DateTimeOffset(2024, 3, 11, 3, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2024, 3, 10), stage.AsOf);
        Assert.EndsWith("(tomorrow)", stage.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void SameAs_IgnoresTheDayItWasRenderedOn()
    {
        Assert.True((Published with { AsOf = new DateOnly(2024, 1, 1) }).SameAs(Published));
        Assert.False(Published.SameAs(Published with { CommentsCloseOn = new DateOnly(2024, 4, 10) }));
        Assert.False(Published.SameAs(null));
    }
}
