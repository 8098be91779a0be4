using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Search;

/// <summary>
/// What a store's term index holds of an item: per field, the tokens the matcher sees
/// (<see cref="ItemTokenizer"/>), every field but the full text (<c>body:</c>, kept apart from
/// snapshots). A store writes them with each item's latest revision and finds candidates with
/// <see cref="TermQuery"/>.
/// </summary>
public static class IndexedTerms
{
    /// <summary>Changes whenever the tokens or the fields change, so a store knows to index its items again.</summary>
    public const int Version = 1;

    /// <summary>
    /// The indexed fields, in the order of <see cref="Of"/>: not the full text, nor a screening-list
    /// change's own fields (rules over those read every item, as <c>body:</c> rules do).
    /// </summary>
    public static IReadOnlyList<ItemField> Fields { get; } =
        [.. Enum.GetValues<ItemField>().Where(f => f is not (ItemField.Body or ItemField.List or ItemField.Name or ItemField.Country or ItemField.Program))];

    /// <summary>The indexed fields as a mask over <see cref="ItemField"/>.</summary>
    internal static int Scope { get; } = Fields.Aggregate(0, (mask, field) => mask | FieldScope.Bit(field));

    /// <summary>Per indexed field (in <see cref="Fields"/> order), the tokens of all its values separated by spaces.</summary>
    public static string[] Of(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var columns = new System.Text.StringBuilder[Fields.Count];
        foreach (var value in ItemTokenizer.Tokenize(item).Values)
        {
            var column = Column(value.Field);
            if (column < 0)
            {
                continue;
            }

            var text = columns[column] ??= new System.Text.StringBuilder();
            foreach (var token in value.Tokens)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(token);
            }
        }

        return [.. columns.Select(c => c?.ToString() ?? "")];
    }

    private static int Column(ItemField field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i] == field)
            {
                return i;
            }
        }

        return -1;
    }
}
