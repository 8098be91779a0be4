namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// How an entity change reads in an alert: "Added to the Entity List: NAME (China) · license
/// requirement: ... · review policy: ... · 88 FR 12170 (2023-03929)"; "Removed from the SDN List:
/// NAME"; "Amended on the Denied Persons List: NAME · address added: ...".
/// </summary>
public static class EntityChangeText
{
    private const string Separator = " · ";

    public static string Headline(EntityChange change, string listTitle)
    {
        ArgumentNullException.ThrowIfNull(change);
        var entity = change.Entity;
        var what = change.Kind switch
        {
            EntityChangeKind.Added => $"Added to the {listTitle}",
            EntityChangeKind.Removed => $"Removed from the {listTitle}",
            _ => $"Amended on the {listTitle}",
        };
        var parts = new List<string> { entity.Countries.Count > 0 ? $"{what}: {entity.Name} ({string.Join(", ", entity.Countries)})" : $"{what}: {entity.Name}" };
        if (change.Kind == EntityChangeKind.Amended)
        {
            parts.AddRange(change.Changes.Select(c => c.ToString()));
        }
        else if (change.Kind == EntityChangeKind.Added)
        {
            if (entity.LicenseRequirement is { } requirement)
            {
                parts.Add($"license requirement: {requirement}");
            }

            if (entity.ReviewPolicy is { } policy)
            {
                parts.Add($"review policy: {policy}");
            }

            if (entity.Citation is { } citation)
            {
                parts.Add(citation);
            }
        }

        return string.Join(Separator, parts);
    }

    /// <summary>The item key of an entity's changes: <c>list:&lt;list&gt;:&lt;id&gt;</c>.</summary>
    public static string ItemKey(ListedEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return $"list:{entity.List}:{entity.Id}";
    }
}
