using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// OFSI's Consolidated List of Financial Sanctions Targets (the 2022 format): <c>ConList.csv</c>, a
/// "Last Updated" banner row, then the header (Name 6, Name 1 ... Name 5, Title, ..., Group Type,
/// Alias Type, Regime, Listed On, ..., Group ID), or <c>ConList.xml</c>, an
/// <c>ArrayOfFinancialSanctionsTarget</c> of the same fields. Each row is one name of one target at
/// one address; the rows of one Group ID are one entity: its "Primary name" row gives the name
/// (Name 1 to 5, then Name 6, the surname or the whole name of an entity), every other name (AKA,
/// Primary name variation, FKA, the non-Latin script) is an alias, and addresses, countries and
/// regimes are collected over the rows. "Last Updated" is not read: OFSI touches it without a change
/// a screener would care about.
/// </summary>
internal static class OfsiConListParser
{
    private const string Expected = "OFSI's consolidated list (ConList.csv with a header of Name 6, Name 1, ..., Group ID, or ConList.xml)";

    private static readonly string[] NameColumns = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"];

    private static readonly string[] AddressColumns = ["Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country"];

    // ConList.xml names its elements after the CSV's columns, without spaces (and Name 1 to 5 in lower case).
    private static readonly Dictionary<string, string> XmlColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name1"] = "Name 1", ["name2"] = "Name 2", ["name3"] = "Name 3", ["name4"] = "Name 4", ["name5"] = "Name 5", ["Name6"] = "Name 6",
        ["Title"] = "Title", ["NameNonLatinScript"] = "Name Non-Latin Script", ["Individual_DateOfBirth"] = "DOB",
        ["Individual_Nationality"] = "Nationality", ["Address1"] = "Address 1", ["Address2"] = "Address 2", ["Address3"] = "Address 3",
        ["Address4"] = "Address 4", ["Address5"] = "Address 5", ["Address6"] = "Address 6", ["PostCode"] = "Post/Zip Code",
        ["Country"] = "Country", ["OtherInformation"] = "Other Information", ["GroupTypeDescription"] = "Group Type",
        ["AliasType"] = "Alias Type", ["RegimeName"] = "Regime", ["DateListed"] = "Listed On", ["GroupID"] = "Group ID",
    };

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var text = ListBody.Text(body);
        var rows = BodyShape.Inspect(text).Format == BodyFormat.Xml ? XmlRows(feed, text) : CsvRows(feed, text);
        var named = rows.Where(row => NameOf(row).Length > 0);
        return [.. ListRows.ByEntity(named, row => Field(row, "Group ID")).Select(g => Entity(list, g.Key, g.Rows))];
    }

    private static ListedEntity Entity(string list, string group, List<IReadOnlyDictionary<string, string>> rows)
    {
        var primary = rows.FirstOrDefault(r => Field(r, "Alias Type").Equals("Primary name", StringComparison.OrdinalIgnoreCase)) ?? rows[0];
        var name = NameOf(primary);
        var names = rows.Select(NameOf).Concat(rows.Select(r => Field(r, "Name Non-Latin Script")));
        return new ListedEntity
        {
            List = list,
            Id = group,
            Name = name,
            Aliases = Distinct(names.Where(n => !n.Equals(name, StringComparison.OrdinalIgnoreCase))),
            Type = Field(primary, "Group Type").ToLowerInvariant() switch
            {
                "individual" => EntityType.Person,
                "entity" => EntityType.Entity,
                "ship" => EntityType.Vessel,
                _ => EntityType.Unknown,
            },
            Addresses = Distinct(rows.Select(r => string.Join(", ", AddressColumns.Select(c => Field(r, c)).Where(part => part.Length > 0)))),
            Countries = Distinct(rows.Select(r => Field(r, "Country")).Concat(rows.Select(r => Field(r, "Nationality")))),
            Programs = Distinct(rows.Select(r => Field(r, "Regime"))),
            Dates = [.. new[] { ListDates.Of("born", Field(primary, "DOB"), dayFirst: true), ListDates.Of("listed", Field(primary, "Listed On"), dayFirst: true) }.OfType<EntityDate>()],
            Remarks = rows.Select(r => Field(r, "Other Information")).FirstOrDefault(o => o.Length > 0),
        };
    }

    // Names are printed as given (OFSI writes surnames in capitals): "Dmitri Arkadyevich KORVALEV".
    private static string NameOf(IReadOnlyDictionary<string, string> row) =>
        string.Join(' ', NameColumns.Select(c => Field(row, c)).Where(part => part.Length > 0));

    private static string Field(IReadOnlyDictionary<string, string> row, string column) => ListRows.Field(row, column);

    private static IReadOnlyList<string> Distinct(IEnumerable<string> values) => ListRows.Distinct(values);

    private static List<IReadOnlyDictionary<string, string>> CsvRows(FeedId feed, string text)
    {
        ListBody.ExpectRows(feed, text, Expected);
        using var rows = DelimitedRows.Read(text, ',').GetEnumerator();

        // The header follows OFSI's one-row banner ("Last Updated,27/01/2026"); a file without the banner is read too.
        string[]? header = null;
        string[]? first = null;
        for (var row = 0; row < 2 && rows.MoveNext(); row++)
        {
            first ??= rows.Current;
            if (rows.Current.Contains("Group ID", StringComparer.OrdinalIgnoreCase) && rows.Current.Contains("Name 6", StringComparer.OrdinalIgnoreCase))
            {
                header = rows.Current;
                break;
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

    private static List<IReadOnlyDictionary<string, string>> XmlRows(FeedId feed, string text)
    {
        var document = ListBody.ExpectXml(feed, text, "ArrayOfFinancialSanctionsTarget", Expected);
        var result = new List<IReadOnlyDictionary<string, string>>();
        foreach (var target in document.Root!.Elements().Where(e => e.Name.LocalName == "FinancialSanctionsTarget"))
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in target.Elements())
            {
                if (XmlColumns.TryGetValue(field.Name.LocalName, out var column) && field.Value.Trim() is { Length: > 0 } value)
                {
                    row[column] = column is "DOB" or "Listed On" ? XmlDate(value) : value;
                }
            }

            result.Add(row);
        }

        return result;
    }

    // The XML writes dates as xs:dateTime ("2022-03-15T00:00:00"); the calendar date is the part before the T.
    private static string XmlDate(string value) => value.Length > 10 && value[10] == 'T' ? value[..10] : value;
}
