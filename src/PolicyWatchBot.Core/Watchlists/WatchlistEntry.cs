namespace PolicyWatchBot.Core.Watchlists;

/// <summary>
/// A name a channel screens for (a customer, a distributor, a parent), with the other names it goes by
/// and, optionally, the ISO 3166 alpha-2 country it is in. Names compare case-insensitively within a channel.
/// </summary>
public sealed record WatchlistEntry(string Name, IReadOnlyList<string> Aliases, string? Country)
{
    /// <summary>The name, then each alias: every form a match may start from.</summary>
    public IEnumerable<string> Names => Aliases.Prepend(Name);

    public bool Equals(WatchlistEntry? other) =>
        other is not null && Name == other.Name && Country == other.Country && Aliases.SequenceEqual(other.Aliases);

    public override int GetHashCode() => HashCode.Combine(Name, Country, Aliases.Count);

    /// <summary>As the audit log and replies show it: <c>Huawei Technologies (aliases: Huawei; 华为) [CN]</c>.</summary>
    public override string ToString() =>
        Name + (Aliases.Count > 0 ? $" (aliases: {string.Join("; ", Aliases)})" : "") + (Country is null ? "" : $" [{Country}]");
}
