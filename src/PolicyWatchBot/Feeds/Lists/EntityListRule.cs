using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// What one Federal Register rule does to the Entity List: the entries it adds or revises (as its
/// Supplement No. 4 table prints them) and the ids of those it removes.
/// </summary>
internal sealed record EntityListRule(string DocumentNumber, IReadOnlyList<ListedEntity> Listed, IReadOnlyList<string> Removed)
{
    /// <summary>The list after this rule: <paramref name="previous"/> with each listed entry put in place (added or replaced) and each removed one taken out.</summary>
    public IReadOnlyList<ListedEntity> ApplyTo(IEnumerable<ListedEntity> previous)
    {
        var listed = Listed.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var removed = Removed.ToHashSet(StringComparer.Ordinal);
        var result = new List<ListedEntity>();
        foreach (var entity in previous)
        {
            if (listed.Remove(entity.Id, out var replacement))
            {
                result.Add(replacement);
            }
            else if (!removed.Contains(entity.Id))
            {
                result.Add(entity);
            }
        }

        result.AddRange(Listed.Where(e => listed.ContainsKey(e.Id)));
        return result;
    }
}
