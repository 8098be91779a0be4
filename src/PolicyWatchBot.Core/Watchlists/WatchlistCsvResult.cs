namespace PolicyWatchBot.Core.Watchlists;

/// <summary>The entries of a watchlist CSV, or why it was refused (one line, with line numbers).</summary>
public sealed record WatchlistCsvResult(IReadOnlyList<WatchlistEntry> Entries, string? Error)
{
    public bool IsSuccess => Error is null;

    public static WatchlistCsvResult Success(IReadOnlyList<WatchlistEntry> entries) => new(entries, null);

    public static WatchlistCsvResult Failure(string error) => new([], error);
}
