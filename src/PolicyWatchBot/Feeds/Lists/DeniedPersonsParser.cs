using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The BIS Denied Persons List text file: tab-separated, quoted, with the header Name, Street_Address,
/// City, State, Country, Postal_Code, Effective_Date, Expiration_Date, Standard_Order, Last_Update,
/// Action, FR_Citation. The list has no ids: a person is keyed by the name as printed (upper case,
/// spaces collapsed), and the rows of one name are one entity with each address. Dates with
/// impossible years (3017-08-22) are kept and flagged.
/// </summary>
internal static class DeniedPersonsParser
{
    private const string Expected = "the Denied Persons List (tab-separated, header Name, Street_Address, ...)";

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var text = ListBody.Text(body);
        ListBody.ExpectRows(feed, text, Expected);
        using var rows = DelimitedRows.Read(text, '\t').GetEnumerator();
        if (!rows.MoveNext() || rows.Current.Length < 12 || !rows.Current[0].Equals("Name", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedParseException(feed, $"expected {Expected}, got a first row starting '{(rows.Current is { Length: > 0 } first ? first[0] : "")}'");
        }

        var byName = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        var order = new List<string>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.Length < 12 || row[0].Length == 0)
            {
                continue;
            }

            var name = string.Join(' ', row[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var key = name.ToUpperInvariant();
            var address = string.Join(", ", row[1..6].Where(part => part.Length > 0));
            var dates = new[] { ListDates.Of("effective", row[6]), ListDates.Of("expires", row[7]), ListDates.Of("updated", row[9]) }.OfType<EntityDate>().ToList();
            if (byName.TryGetValue(key, out var known))
            {
                byName[key] = known with
                {
                    Addresses = [.. known.Addresses.Append(address).Where(a => a.Length > 0).Distinct()],
                    Countries = [.. known.Countries.Append(row[4]).Where(c => c.Length > 0).Distinct()],
                    Dates = [.. known.Dates.Concat(dates).Distinct()],
                };
                continue;
            }

            order.Add(key);
            byName[key] = new ListedEntity
            {
                List = list,
                Id = key,
                Name = name,
                Type = EntityType.Unknown,
                Addresses = address.Length > 0 ? [address] : [],
                Countries = row[4].Length > 0 ? [row[4]] : [],
                Programs = ["Denied Persons List"],
                Dates = dates,
                Citation = row[11].Length > 0 ? row[11] : null,
                Remarks = row[10].Length > 0 ? row[10] : null,
            };
        }

        return [.. order.Select(key => byName[key])];
    }
}
