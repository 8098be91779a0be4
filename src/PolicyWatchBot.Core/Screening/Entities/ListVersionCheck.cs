namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// Whether a downloaded list can be the next version of the stored one. A whole-list download with
/// fewer than a tenth of the entities last stored is not believed (a truncated file, a list served
/// in part): taking it would read as nearly everyone removed. Nothing is stored from a refused version.
/// </summary>
public static class ListVersionCheck
{
    /// <summary>Null when <paramref name="current"/> entities can follow <paramref name="stored"/>; else why not, as one line.</summary>
    public static string? Refusal(int stored, int current)
    {
        if (current == 0 && stored > 0)
        {
            return $"the list has no entries (it had {stored}): not taken as everyone removed";
        }

        return stored > 0 && current * 10L < stored
            ? $"the list has {current} entries, under a tenth of the {stored} stored: not taken as {stored - current} removed"
            : null;
    }
}
