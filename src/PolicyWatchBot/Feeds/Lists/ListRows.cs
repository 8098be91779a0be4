namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// What the list parsers printing one name a row share (the UK's ConList and UK Sanctions List): a row's
/// cell by column name, the rows of one entity gathered in the order the list first names it, and
/// a field's distinct values.
/// </summary>
internal static class ListRows
{
    public static string Field(IReadOnlyDictionary<string, string> row, string column) => row.TryGetValue(column, out var value) ? value : "";

    /// <summary>The rows grouped by <paramref name="key"/>, groups in first-seen order; rows without a key are left out.</summary>
    public static List<(string Key, List<IReadOnlyDictionary<string, string>> Rows)> ByEntity(
        IEnumerable<IReadOnlyDictionary<string, string>> rows, Func<IReadOnlyDictionary<string, string>, string> key)
    {
        var groups = new List<(string Key, List<IReadOnlyDictionary<string, string>> Rows)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var id = key(row);
            if (id.Length == 0)
            {
                continue;
            }

            if (!index.TryGetValue(id, out var at))
            {
                index[id] = at = groups.Count;
                groups.Add((id, []));
            }

            groups[at].Rows.Add(row);
        }

        return groups;
    }

    /// <summary>The non-empty values, each once whatever its case, in order.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> values) =>
        [.. values.Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
}
