using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The Consolidated Screening List CSV of trade.gov, read by its header, so both formats work: the
/// current one (first column <c>_id</c>, the record's id) and the older one without it, whose records
/// are keyed by source and entity number, else source and name (the rows of one key are one entity). Multi-valued columns are separated by
/// <c>;</c>. The source list ("Entity List (EL) - Bureau of Industry and Security") is the first program.
/// </summary>
internal static partial class CslCsvParser
{
    private const string Expected = "the Consolidated Screening List CSV (header with source, name, ...)";

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var text = ListBody.Text(body);
        ListBody.ExpectRows(feed, text, Expected);
        using var rows = DelimitedRows.Read(text, ',').GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FeedParseException(feed, $"expected {Expected}, got no rows");
        }

        var header = rows.Current.Select((name, index) => (name, index)).ToDictionary(c => c.name.Trim().ToLowerInvariant(), c => c.index);
        if (!header.ContainsKey("source") || !header.ContainsKey("name"))
        {
            throw new FeedParseException(feed, $"expected {Expected}, got a header of {string.Join(", ", header.Keys.Take(5))}");
        }

        var byId = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        var order = new List<string>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            string Field(string column) => header.TryGetValue(column, out var index) && index < row.Length ? row[index].Trim() : "";
            var name = Field("name");
            var source = Field("source");
            if (name.Length == 0)
            {
                continue;
            }

            var addresses = Many(Field("addresses"));
            var entity = new ListedEntity
            {
                List = list,
                Id = Field("_id") is { Length: > 0 } id ? id : $"{SourceCode(source)}:{(Field("entity_number") is { Length: > 0 } number ? number : name.ToUpperInvariant())}",
                Name = name,
                Aliases = Many(Field("alt_names")),
                Type = Field("type").ToLowerInvariant() switch
                {
                    "individual" => EntityType.Person,
                    "entity" => EntityType.Entity,
                    "vessel" => EntityType.Vessel,
                    "aircraft" => EntityType.Aircraft,
                    _ => EntityType.Unknown,
                },
                Addresses = addresses,
                Countries = [.. addresses.Select(CountryOf).OfType<string>().Concat(Many(Field("nationalities"))).Concat(Many(Field("citizenships"))).Distinct(StringComparer.OrdinalIgnoreCase)],
                Programs = [.. new[] { source }.Where(s => s.Length > 0).Concat(Many(Field("programs")))],
                Dates = [.. new[] { ListDates.Of("effective", Field("start_date")), ListDates.Of("expires", Field("end_date")) }.OfType<EntityDate>()],
                LicenseRequirement = NullIfEmpty(Field("license_requirement")),
                ReviewPolicy = NullIfEmpty(Field("license_policy")),
                Citation = NullIfEmpty(Field("federal_register_notice")),
                Remarks = NullIfEmpty(Field("remarks")),
            };
            if (byId.TryGetValue(entity.Id, out var known))
            {
                byId[entity.Id] = Merged(known, entity);
            }
            else
            {
                order.Add(entity.Id);
                byId[entity.Id] = entity;
            }
        }

        return [.. order.Select(id => byId[id])];
    }

    // The older format has no record id: one name listed by one source under several countries is one entity.
    private static ListedEntity Merged(ListedEntity known, ListedEntity more) => known with
    {
        Aliases = [.. known.Aliases.Concat(more.Aliases).Distinct()],
        Addresses = [.. known.Addresses.Concat(more.Addresses).Distinct()],
        Countries = [.. known.Countries.Concat(more.Countries).Distinct(StringComparer.OrdinalIgnoreCase)],
        Programs = [.. known.Programs.Concat(more.Programs).Distinct()],
    };

    private static IReadOnlyList<string> Many(string field) =>
        [.. field.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct()];

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // The CSL writes an address's country last, as a two-letter code: "Komitas 26/114, Yerevan, Armenia, AM".
    private static string? CountryOf(string address) =>
        address.Split(',', StringSplitOptions.TrimEntries) is { Length: > 1 } parts && parts[^1].Length == 2 && parts[^1].All(char.IsAsciiLetterUpper) ? parts[^1] : null;

    private static string SourceCode(string source) => SourceAbbreviation().Match(source) is { Success: true } match ? match.Groups[1].Value : source;

    [GeneratedRegex(@"\(([A-Z]+)\)")]
    private static partial Regex SourceAbbreviation();
}
