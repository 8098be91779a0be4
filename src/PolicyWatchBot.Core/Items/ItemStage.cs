namespace PolicyWatchBot.Core.Items;

/// <summary>Where an item is in its life: on public inspection, published, or withdrawn.</summary>
public enum ItemStage
{
    Published,
    PublicInspection,
    Withdrawn,
}
