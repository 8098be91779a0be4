using System.Text.Json.Serialization;

namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// One party on a screening list (OFAC SDN, the Entity List, the Denied Persons List, ...), keyed by
/// the list's own id within its list. Lists are never null; texts are as the list prints them.
/// </summary>
public sealed record ListedEntity
{
    /// <summary>The list's id in this bot: <c>sdn</c>, <c>entity-list</c>, <c>dpl</c>, <c>csl</c>, ...</summary>
    public required string List { get; init; }

    /// <summary>The list's own id for the entry (OFAC's uid, CSL's id); stable across versions.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public EntityType Type { get; init; }

    /// <summary>Country names as the list gives them ("China", "Russia").</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Sanctions programs (<c>SDGT</c>, <c>RUSSIA-EO14024</c>) or, for lists without programs, the list's own basis.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    public IReadOnlyList<EntityDate> Dates { get; init; } = [];

    /// <summary>Entity List: the license requirement ("For all items subject to the EAR").</summary>
    public string? LicenseRequirement { get; init; }

    /// <summary>Entity List: the license review policy ("Presumption of denial").</summary>
    public string? ReviewPolicy { get; init; }

    /// <summary>Where the listing was published: "88 FR 12345 (2023-03929)".</summary>
    public string? Citation { get; init; }

    /// <summary>Further remarks the list prints (OFAC's remarks column).</summary>
    public string? Remarks { get; init; }

    /// <summary>Every name the entity is listed under: its name first, then its aliases, distinct.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AllNames => [.. new[] { Name }.Concat(Aliases).Distinct(StringComparer.OrdinalIgnoreCase)];
}
