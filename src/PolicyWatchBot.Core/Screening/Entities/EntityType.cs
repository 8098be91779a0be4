namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>What a listed party is, as the list says it; <see cref="Unknown"/> when the list does not say.</summary>
public enum EntityType
{
    Unknown,
    Person,
    Entity,
    Vessel,
    Aircraft,
}
