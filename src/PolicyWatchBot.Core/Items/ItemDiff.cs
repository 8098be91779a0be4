namespace PolicyWatchBot.Core.Items;

/// <summary>The result of comparing a freshly parsed item with the latest stored revision.</summary>
public sealed record ItemDiff(RevisionKind Kind, IReadOnlyList<FieldChange> Changes)
{
    public static readonly ItemDiff Unchanged = new(RevisionKind.Unchanged, []);

    public bool IsRevision => Kind != RevisionKind.Unchanged;
}
