namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// One amended field of an entity, as display text: a value added to or removed from a list field
/// ("alias added: X"), or a single-valued field changed ("license requirement changed: A → B").
/// </summary>
public sealed record EntityFieldChange(string Field, string? Old, string? New)
{
    public override string ToString() => (Old, New) switch
    {
        (null, { } added) => $"{Field} added: {added}",
        ({ } removed, null) => $"{Field} removed: {removed}",
        _ => $"{Field} changed: {Old} → {New}",
    };
}
