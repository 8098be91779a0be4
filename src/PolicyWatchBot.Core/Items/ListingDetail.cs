using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Core.Items;

/// <summary>
/// A screening-list entity's change as its item (<c>list:&lt;list&gt;:&lt;id&gt;</c>) carries it: which list,
/// what happened to the entity, and the values the rule fields <c>list:</c>, <c>name:</c>,
/// <c>country:</c> and <c>program:</c> search. Null on every other item.
/// </summary>
public sealed record ListingDetail
{
    /// <summary>The list's id in this bot (<c>sdn</c>, <c>entity-list</c>, <c>dpl</c>).</summary>
    public required string List { get; init; }

    /// <summary>The list's name as alerts write it ("SDN List", "Entity List").</summary>
    public required string ListTitle { get; init; }

    public required EntityChangeKind Change { get; init; }

    /// <summary>Every name the entity is listed under, its name first.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    public IReadOnlyList<string> Countries { get; init; } = [];

    public IReadOnlyList<string> Programs { get; init; } = [];
}
