using System.Globalization;
using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// The history backfill of a Federal Register feed: the days <see cref="From"/> to
/// <see cref="Through"/> of its query (<see cref="Url"/>), read newest first, window by window, and
/// stored without alerts. <see cref="ReadFrom"/> is how far down it has read: every day from it to
/// <see cref="Through"/> is stored, so an interrupted backfill resumes below it.
/// </summary>
public sealed record FeedBackfill
{
    public required FeedId Feed { get; init; }

    /// <summary>The feed's query when the backfill was planned; an edited query gets a backfill of its own.</summary>
    public required string Url { get; init; }

    /// <summary>PolicyWatch:Feeds:BackfillDays when it was planned.</summary>
    public required int Days { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly Through { get; init; }

    /// <summary>The oldest day read so far (null: none yet).</summary>
    public DateOnly? ReadFrom { get; init; }

    /// <summary>Documents stored by the backfill (those the store held already are not counted).</summary>
    public int Documents { get; init; }

    /// <summary>Documents of days with more than one query reads (the API's limit, or per_page × MaxPages): not read, and said so.</summary>
    public int Unread { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the last attempt stopped; it resumes on the next poll.</summary>
    public string? LastError { get; init; }

    public bool IsComplete => CompletedAt is not null;

    /// <summary>
    /// "history from 2025-12-02 (365 days backfilled, 700 documents)", or how far a backfill under way
    /// has read and why it stopped.
    /// </summary>
    public string Describe()
    {
        var unread = Unread > 0 ? $"; {Unread.ToString("N0", CultureInfo.InvariantCulture)} documents of days with more than one query reads were not read" : "";
        if (IsComplete)
        {
            return $"history from {Day(From)} ({Days.ToString(CultureInfo.InvariantCulture)} days backfilled, {Count(Documents)}{unread})";
        }

        var read = ReadFrom is { } day ? $"read back to {Day(day)}" : "nothing read yet";
        var why = LastError is null ? "" : $"; stopped by: {LastError}";
        return $"history backfill from {Day(From)} under way ({read}, {Count(Documents)}{unread}{why}); it goes on at the next poll";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Count(int documents) =>
        documents == 1 ? "1 document" : $"{documents.ToString("N0", CultureInfo.InvariantCulture)} documents";
}
