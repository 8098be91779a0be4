namespace PolicyWatchBot.Feeds.Backfill;

/// <summary>
/// Days of publication read by one backfill query, <see cref="From"/> to <see cref="Through"/>
/// inclusive. A backfill asks month by month; a window with more documents than one query reads is
/// split in halves, down to a single day.
/// </summary>
internal readonly record struct BackfillWindow(DateOnly From, DateOnly Through)
{
    public int Days => Through.DayNumber - From.DayNumber + 1;

    /// <summary>The calendar months of <paramref name="from"/> to <paramref name="through"/>, cut to them, newest first.</summary>
    public static List<BackfillWindow> Months(DateOnly from, DateOnly through)
    {
        var windows = new List<BackfillWindow>();
        for (var end = through; end >= from;)
        {
            var monthStart = new DateOnly(end.Year, end.Month, 1);
            var start = monthStart < from ? from : monthStart;
            windows.Add(new BackfillWindow(start, end));
            end = monthStart.AddDays(-1);
        }

        return windows;
    }

    /// <summary>The older and the newer half (a window of one day cannot be split).</summary>
    public (BackfillWindow Older, BackfillWindow Newer) Split()
    {
        if (Days < 2)
        {
            throw new InvalidOperationException($"the window {this} is one day and cannot be split");
        }

        var middle = From.AddDays((Days / 2) - 1);
        return (new BackfillWindow(From, middle), new BackfillWindow(middle.AddDays(1), Through));
    }

    public override string ToString() => From == Through ? $"{From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd}..{Through:yyyy-MM-dd}";
}
