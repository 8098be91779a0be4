using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Tests.Core.Alerts;

public sealed class ChangeExcerptTests
{
    [Fact]
    public void Of_ShortValues_Unchanged()
    {
        Assert.Equal(("Notice of Open Meeting", "Notice of Closed Meeting"), ChangeExcerpt.Of("Notice of Open Meeting", "Notice of Closed Meeting"));
    }

    [Fact]
    public void Of_LongValuesDifferingLate_ShowsTheDifferenceWithContext()
    {
        var opening = string.Join(' ', Enumerable.Repeat("Comments must be received by the date below.", 20));
        var (old, current) = ChangeExcerpt.Of(opening + " Effective March 1, 2026.", opening + " Effective June 1, 2026.", 120);

        Assert.StartsWith("…", old, StringComparison.Ordinal);
        Assert.Contains("Effective March 1, 2026.", old, StringComparison.Ordinal);
        Assert.Contains("Effective June 1, 2026.", current, StringComparison.Ordinal);
        Assert.True(old!.Length <= 120 && current!.Length <= 120);
    }

    [Fact]
    public void Of_LongValuesDifferingEarly_CutAtAWordWithEllipsis()
    {
        var tail = string.Join(' ', Enumerable.Repeat("unchanged words follow here", 30));
        var (old, current) = ChangeExcerpt.Of("Alpha " + tail, "Beta " + tail, 80);

        Assert.StartsWith("Alpha unchanged", old, StringComparison.Ordinal);
        Assert.StartsWith("Beta unchanged", current, StringComparison.Ordinal);
        Assert.EndsWith("…", current, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", current, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_OneSideMissing_KeepsNullAndCutsTheOther()
    {
        var (old, current) = ChangeExcerpt.Of(null, new string('x', 500), 100);

        Assert.Null(old);
        Assert.Equal(100, current!.Length);
    }
}
