using System.Globalization;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Threads;

/// <summary>
/// Where the action a thread follows stands: its stage and its dates, as the thread's parent message
/// shows them ("Published 2024-01-09 · comments close 2024-03-11 (in 12 days)"). Dates are calendar
/// dates in the source's zone (<see cref="Zone"/>, IANA); <see cref="AsOf"/> is the day in that zone
/// when the message is rendered, filled in when it is sent, so "in N days" counts calendar days there.
/// </summary>
public sealed record ThreadStage
{
    public required ItemStage Stage { get; init; }
    public DateOnly? PublishedOn { get; init; }
    public DateOnly? CommentsCloseOn { get; init; }
    public DateOnly? EffectiveOn { get; init; }

    /// <summary>The source's IANA time zone (Federal Register: America/New_York).</summary>
    public string Zone { get; init; } = SourceCalendar.FederalRegisterZone;

    /// <summary>Today in <see cref="Zone"/> when the message was rendered; null leaves out "in N days".</summary>
    public DateOnly? AsOf { get; init; }

    public static ThreadStage Of(FeedItem item, string zone) => new()
    {
        Stage = item.Stage,
        PublishedOn = item.PublishedOn,
        CommentsCloseOn = item.CommentsCloseOn,
        EffectiveOn = item.EffectiveOn,
        Zone = zone,
    };

    /// <summary>The same stage, dated for a message rendered at <paramref name="now"/>.</summary>
    public ThreadStage At(DateTimeOffset now) => this with { AsOf = SourceCalendar.Today(Zone, now) };

    /// <summary>Equal stages and dates (whatever day they were rendered on): nothing to edit.</summary>
    public bool SameAs(ThreadStage? other) => other is not null && this with { AsOf = null } == other with { AsOf = null };

    /// <summary>"Published 2024-01-09 · comments close 2024-03-11 (in 12 days)".</summary>
    public string Describe()
    {
        var stage = Stage switch
        {
            ItemStage.PublicInspection => "On public inspection" + (PublishedOn is { } on ? ", to be published " + Day(on) : ""),
            ItemStage.Withdrawn => "Withdrawn",
            _ => "Published" + (PublishedOn is { } published ? " " + Day(published) : ""),
        };
        return Stage == ItemStage.Withdrawn || NextDate() is not { } next ? stage : $"{stage} · {next.Label} {Day(next.Date)}{Until(next.Date)}";
    }

    /// <summary>The next of the comment close and effective dates still to come (or, before rendering, the first of them).</summary>
    public (string Label, DateOnly Date)? NextDate()
    {
        var dates = new List<(string Label, DateOnly Date)>();
        if (CommentsCloseOn is { } comments)
        {
            dates.Add(("comments close", comments));
        }

        if (EffectiveOn is { } effective)
        {
            dates.Add(("effective", effective));
        }

        var coming = dates.Where(d => AsOf is null || d.Date >= AsOf).OrderBy(d => d.Date).ToList();
        return coming.Count > 0 ? coming[0] : null;
    }

    private string Until(DateOnly date)
    {
        if (AsOf is not { } today)
        {
            return "";
        }

        var days = date.DayNumber - today.DayNumber;
        return days switch
        {
            0 => " (today)",
            1 => " (tomorrow)",
            _ => string.Create(CultureInfo.InvariantCulture, $" (in {days} days)"),
        };
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
