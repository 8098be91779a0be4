using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The FCDO's UK Sanctions List, <c>UK-Sanctions-List.csv</c>: a "Report Date: 27-Nov-2026" banner
/// row, then the header (Last Updated, Unique ID, OFSI Group ID, UN Reference Number, Name 6, Name 1
/// ... Name 5, Name type, ..., Regime Name, Designation Type, ..., Address Line 1 ... 6, Address Postal
/// Code, Address Country, ..., Date Designated, D.O.B, Nationality(/ies), ..., IMO number, ...). Each
/// row is one name of one designation at one address; the rows of one Unique ID are one entity: its
/// "Primary Name" row gives the name (Name 1 to 5, then Name 6, the surname or the whole name of an
/// entity or ship), every other name (Primary Name Variation, Alias, the non-Latin script) is an
/// alias, and addresses, countries and regimes are collected over the rows. The Unique ID is the id,
/// not the OFSI Group ID: a designation without financial sanctions (trade or shipping only) has none.
/// "Report Date" and "Last Updated" are not read: a date touched is not a change a screener would care about.
/// </summary>
internal static class UkSanctionsListParser
{
    private const string Expected = "the UK Sanctions List (UK-Sanctions-List.csv with a header of Last Updated, Unique ID, OFSI Group ID, ..., Name 6, ..., Name type)";

    private static readonly string[] NameColumns = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"];

    private static readonly string[] AddressColumns =
        ["Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5", "Address Line 6", "Address Postal Code", "Address Country"];

    // ConList's Other Information held these as "(Label):value"; the UK Sanctions List gives them columns. They are
    // joined back in that form, so the remarks of a target read the same on both lists and a ship keeps its IMO number.
    private static readonly string[] RemarkColumns = ["UK Statement of Reasons", "Other Information", "IMO number"];

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var named = Rows(feed, ListBody.Text(body)).Where(row => NameOf(row).Length > 0);
        return [.. ListRows.ByEntity(named, row => Field(row, "Unique ID")).Select(g => Entity(list, g.Key, g.Rows))];
    }

    private static ListedEntity Entity(string list, string id, List<IReadOnlyDictionary<string, string>> rows)
    {
        var primary = rows.FirstOrDefault(r => Field(r, "Name type").Equals("Primary Name", StringComparison.OrdinalIgnoreCase)) ?? rows[0];
        var name = NameOf(primary);
        var names = rows.Select(NameOf).Concat(rows.Select(r => Field(r, "Name non-latin script")));
        var remarks = string.Join(' ', RemarkColumns.Select(c => (Column: c, Value: rows.Select(r => Field(r, c)).FirstOrDefault(v => v.Length > 0)))
            .Where(remark => remark.Value is not null)
            .Select(remark => $"({remark.Column}):{remark.Value}"));
        return new ListedEntity
        {
            List = list,
            Id = id,
            Name = name,
            Aliases = Distinct(names.Where(n => !n.Equals(name, StringComparison.OrdinalIgnoreCase))),
            Type = Field(primary, "Designation Type").ToLowerInvariant() switch
            {
                "individual" => EntityType.Person,
                "entity" => EntityType.Entity,
                "ship" => EntityType.Vessel,
                _ => EntityType.Unknown,
            },
            Addresses = Distinct(rows.Select(r => string.Join(", ", AddressColumns.Select(c => Field(r, c)).Where(part => part.Length > 0)))),
            Countries = Distinct(rows.Select(r => Field(r, "Address Country")).Concat(rows.Select(r => Field(r, "Nationality(/ies)")))),
            Programs = Distinct(rows.Select(r => Field(r, "Regime Name"))),
            Dates = [.. new[] { ListDates.Of("born", Field(primary, "D.O.B"), dayFirst: true), ListDates.Of("listed", Field(primary, "Date Designated"), dayFirst: true) }.OfType<EntityDate>()],
            Remarks = remarks.Length > 0 ? remarks : null,
        };
    }

    // Names are printed as given (surnames in capitals): "Dmitri Arkadyevich KORVALEV".
    private static string NameOf(IReadOnlyDictionary<string, string> row) =>
        string.Join(' ', NameColumns.Select(c => Field(row, c)).Where(part => part.Length > 0));

    private static string Field(IReadOnlyDictionary<string, string> row, string column) => ListRows.Field(row, column);

    private static IReadOnlyList<string> Distinct(IEnumerable<string> values) => ListRows.Distinct(values);

    private static List<IReadOnlyDictionary<string, string>> Rows(FeedId feed, string text)
    {
        ListBody.ExpectRows(feed, text, Expected);
        using var rows = DelimitedRows.Read(text, ',').GetEnumerator();

        // The header follows the one-row banner ("Report Date: 27-Nov-2026"); a file without the banner is read too.
        string[]? header = null;
        string[]? first = null;
        for (var row = 0; row < 2 && rows.MoveNext(); row++)
        {
            first ??= rows.Current;
            if (HasColumns(rows.Current, "Unique ID", "Name 6", "Name type"))
            {
                header = rows.Current;
                break;
            }

            if (HasColumns(rows.Current, "Group ID", "Name 6", "Alias Type"))
            {
                throw new FeedParseException(feed, $"expected {Expected}, got OFSI's Consolidated List (ConList.csv: Group ID, no Unique ID), retired on 28 January 2026; it is read as format ofsi-csv");
            }
        }

        if (header is null)
        {
            throw new FeedParseException(feed, $"expected {Expected}, got no such header (first row: {(first is null ? "none" : string.Join(", ", first.Take(5)))})");
        }

        var columns = header.Select((name, index) => (name, index)).GroupBy(c => c.name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().index, StringComparer.OrdinalIgnoreCase);
        var result = new List<IReadOnlyDictionary<string, string>>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            result.Add(columns.Where(c => c.Value < row.Length).ToDictionary(c => c.Key, c => row[c.Value].Trim(), StringComparer.OrdinalIgnoreCase));
        }

        return result;
    }

    private static bool HasColumns(string[] row, params string[] columns) =>
        columns.All(column => row.Contains(column, StringComparer.OrdinalIgnoreCase));
}
