namespace PolicyWatchBot.Core.Items;

/// <summary>One meaningful field that differs between two revisions, as display text.</summary>
public sealed record FieldChange(string Field, string? Old, string? New)
{
    public override string ToString() => $"{Field}: {Old ?? "(none)"} → {New ?? "(none)"}";
}
