namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>The BIS Entity List's id in this bot: an entity added to it is urgent by nature, as an FR rule adding entities is.</summary>
public static class EntityListAdditions
{
    public const string List = "entity-list";
}
