namespace PolicyWatchBot.Core.Items;

/// <summary>What a poll learned about an item (DESIGN.md "Lifecycle is change, not novelty").</summary>
public enum RevisionKind
{
    Unchanged,
    New,
    Changed,
    Published,
    Corrected,
    Withdrawn,
}
