namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>What happened to one entity between two versions of its list.</summary>
public enum EntityChangeKind
{
    Added,
    Removed,
    Amended,
}
