using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// A party as a screening list gives it, reduced to what name matching reads: the key the caller
/// knows it by (e.g. <c>list:sdn:306</c>), its name, its aliases (transliterated forms the list
/// gives are aliases too) and its countries (ISO codes or English names).
/// </summary>
public sealed record ScreenedParty(string Key, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Countries)
{
    /// <summary>The name first, then each alias.</summary>
    public IEnumerable<string> Forms => Aliases.Prepend(Name);

    /// <summary>A listed entity as matching reads it, keyed by its item key (<c>list:sdn:306</c>).</summary>
    public static ScreenedParty Of(ListedEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(EntityChangeText.ItemKey(entity), entity.Name, entity.Aliases, entity.Countries);
    }
}
