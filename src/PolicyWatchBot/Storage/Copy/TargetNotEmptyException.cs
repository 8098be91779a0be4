namespace PolicyWatchBot.Storage.Copy;

/// <summary>The target of a store copy already holds rows, in the tables named: it is refused before anything is written.</summary>
internal sealed class TargetNotEmptyException(IReadOnlyList<string> tables)
    : Exception($"the target is not empty: {string.Join(", ", tables)} already {(tables.Count == 1 ? "holds" : "hold")} rows; migrate copies only into an empty store, nothing was changed")
{
    public IReadOnlyList<string> Tables { get; } = tables;
}
