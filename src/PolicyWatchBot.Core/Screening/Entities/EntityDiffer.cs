namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// Diffs two versions of one list entity by entity, keyed by the list's own id: entities only in the
/// new version are added, only in the old one removed, in both with any field changed amended (with
/// each change named). Values are compared as printed, ignoring case and surrounding spaces; the order
/// of a list field's values is not a change. An id listed twice in one version counts once (the first).
/// </summary>
public static class EntityDiffer
{
    private static readonly StringComparer Values = StringComparer.OrdinalIgnoreCase;

    public static IReadOnlyList<EntityChange> Diff(IEnumerable<ListedEntity> previous, IEnumerable<ListedEntity> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = ById(previous);
        var after = ById(current);
        var changes = new List<EntityChange>();
        foreach (var (id, entity) in after)
        {
            if (!before.TryGetValue(id, out var old))
            {
                changes.Add(EntityChange.Added(entity));
            }
            else if (Amendments(old, entity) is { Count: > 0 } amended)
            {
                changes.Add(new EntityChange(EntityChangeKind.Amended, entity, amended));
            }
        }

        changes.AddRange(before.Where(pair => !after.ContainsKey(pair.Key)).Select(pair => EntityChange.Removed(pair.Value)));
        return changes;
    }

    /// <summary>The fields of <paramref name="old"/> that <paramref name="current"/> lists differently, in a fixed order.</summary>
    public static IReadOnlyList<EntityFieldChange> Amendments(ListedEntity old, ListedEntity current)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<EntityFieldChange>();
        Single(changes, "name", old.Name, current.Name);
        Many(changes, "alias", old.Aliases, current.Aliases);
        Single(changes, "type", Describe(old.Type), Describe(current.Type));
        Many(changes, "country", old.Countries, current.Countries);
        Many(changes, "address", old.Addresses, current.Addresses);
        Many(changes, "program", old.Programs, current.Programs);
        Many(changes, "date", [.. old.Dates.Select(d => d.ToString())], [.. current.Dates.Select(d => d.ToString())]);
        Single(changes, "license requirement", old.LicenseRequirement, current.LicenseRequirement);
        Single(changes, "review policy", old.ReviewPolicy, current.ReviewPolicy);
        Single(changes, "citation", old.Citation, current.Citation);
        Single(changes, "remarks", old.Remarks, current.Remarks);
        return changes;
    }

    private static Dictionary<string, ListedEntity> ById(IEnumerable<ListedEntity> entities)
    {
        var byId = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            byId.TryAdd(entity.Id, entity);
        }

        return byId;
    }

    private static string? Describe(EntityType type) => type == EntityType.Unknown ? null : type.ToString().ToLowerInvariant();

    private static void Single(List<EntityFieldChange> changes, string field, string? old, string? current)
    {
        var (a, b) = (Clean(old), Clean(current));
        if (!Values.Equals(a, b))
        {
            changes.Add(new EntityFieldChange(field, a, b));
        }
    }

    // One value out and one in reads as that value changed ("address changed: A → B"); otherwise each value added or removed.
    private static void Many(List<EntityFieldChange> changes, string field, IReadOnlyList<string> old, IReadOnlyList<string> current)
    {
        var before = old.Select(Clean).OfType<string>().Distinct(Values).ToList();
        var after = current.Select(Clean).OfType<string>().Distinct(Values).ToList();
        var removed = before.Except(after, Values).ToList();
        var added = after.Except(before, Values).ToList();
        if (removed.Count == 1 && added.Count == 1)
        {
            changes.Add(new EntityFieldChange(field, removed[0], added[0]));
            return;
        }

        changes.AddRange(added.Select(value => new EntityFieldChange(field, null, value)));
        changes.AddRange(removed.Select(value => new EntityFieldChange(field, value, null)));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
