namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// A watchlist entry: the name a channel watches, its aliases, and the country it expects the party
/// in (ISO code or English name; null when any country will do).
/// </summary>
public sealed record WatchedName(string Name, IReadOnlyList<string> Aliases, string? Country = null)
{
    public WatchedName(string name)
        : this(name, [], null)
    {
    }

    /// <summary>The name first, then each alias.</summary>
    public IEnumerable<string> Forms => Aliases.Prepend(Name);
}
