namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// One entity's change between two versions of its list. <see cref="Entity"/> is the entity as the
/// new version lists it, or, when removed, as the old one did; <see cref="Changes"/> names the amended fields.
/// </summary>
public sealed record EntityChange(EntityChangeKind Kind, ListedEntity Entity, IReadOnlyList<EntityFieldChange> Changes)
{
    public static EntityChange Added(ListedEntity entity) => new(EntityChangeKind.Added, entity, []);

    public static EntityChange Removed(ListedEntity entity) => new(EntityChangeKind.Removed, entity, []);
}
