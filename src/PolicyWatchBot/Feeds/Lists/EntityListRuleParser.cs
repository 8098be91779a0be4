using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The Entity List entries of a Federal Register rule's full-text XML (GPO's <c>RULE</c> element): the
/// Supplement No. 4 to part 744 <c>GPOTABLE</c> (Country / Entity / License requirement / License
/// review policy / Federal Register citation) and the amendatory instructions (<c>AMDPAR</c>: "Under
/// RUSSIA, by adding ... entries for “A” and “B”", "by removing ... the entry for “C”"). The
/// Entity List has no ids: an entry is keyed by its name (upper case, spaces collapsed), and one
/// entity listed under several countries is one entity with each country. An entity cell is its
/// name, then ", a.k.a., the following N aliases:" and one <c>—alias</c> item each, then its
/// address; a name with no aliases is told from its address by the name the instruction quotes.
/// The placeholder citation of a rule on public inspection ("88 FR [INSERT FR PAGE NUMBER ...]") is
/// written with the rule's first page and document number.
/// </summary>
internal static partial class EntityListRuleParser
{
    private const string Expected = "a Federal Register rule's full-text XML with the Entity List table (Supplement No. 4 to part 744)";

    public static EntityListRule Parse(FeedId feed, string list, FeedBody body)
    {
        var document = ListBody.ExpectXml(feed, ListBody.Text(body), "RULE", Expected);
        var root = document.Root!;
        var documentNumber = FrDocument().Match(root.Descendants("FRDOC").FirstOrDefault()?.Value ?? "") is { Success: true } doc ? doc.Groups[1].Value : "";
        var pages = root.Descendants("PRTPAGE").Select(p => int.TryParse((string?)p.Attribute("P"), out var page) ? page : 0).Where(p => p > 0).ToList();

        // GPO marks where each page after the first begins, so the first page is one before the lowest mark.
        var firstPage = pages.Count > 0 ? pages.Min() - 1 : (int?)null;
        var instructions = root.Descendants("AMDPAR").Select(a => Collapse(a.Value)).ToList();
        var quoted = instructions.SelectMany(i => QuotedName().Matches(i).Select(m => Collapse(m.Groups[1].Value).TrimEnd('.', ',', ';'))).Where(n => n.Length > 0).ToList();
        var removed = instructions.Where(i => i.Contains("by removing", StringComparison.OrdinalIgnoreCase))
            .SelectMany(i => QuotedName().Matches(i).Select(m => KeyOf(m.Groups[1].Value))).Distinct().ToList();

        var table = root.Descendants("GPOTABLE").FirstOrDefault(t => t.Descendants("ROW").Any(r => Collapse(r.Value).Contains("License review policy", StringComparison.OrdinalIgnoreCase)))
            ?? throw new FeedParseException(feed, $"expected {Expected}, got a RULE without that table");

        var byKey = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        var order = new List<string>();
        string? country = null;
        string? current = null;
        foreach (var row in table.Elements("ROW"))
        {
            var cells = row.Elements("ENT").ToList();
            if (cells.Count == 0 || IsElision(cells[^1]))
            {
                current = null;
                if (cells.Count > 0 && Text(cells[0]) is { Length: > 0 } countryCell && !IsElision(cells[0]))
                {
                    country = CountryName(countryCell);
                }

                continue;
            }

            if (Text(cells[0]) is { Length: > 0 } first && cells.Count >= 2)
            {
                if (first.Equals("Country", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                country = CountryName(first);
            }

            if (cells.Count < 2)
            {
                // A country heading alone on its row ("RUSSIA") starts that country's entries.
                if (Text(cells[0]) is { Length: > 0 } heading)
                {
                    country = CountryName(heading);
                    current = null;
                }

                continue;
            }

            if (cells.Count == 2)
            {
                // A row with only an entity cell continues the entry above: another address.
                if (current is null)
                {
                    continue;
                }

                var address = Text(cells[1]).TrimEnd('.');
                byKey[current] = byKey[current] with { Addresses = [.. byKey[current].Addresses.Append(address).Distinct()] };
                continue;
            }

            var entity = Entry(cells, list, country, quoted, documentNumber, firstPage);
            current = entity.Id;
            if (byKey.TryGetValue(entity.Id, out var known))
            {
                byKey[entity.Id] = known with
                {
                    Countries = [.. known.Countries.Concat(entity.Countries).Distinct()],
                    Aliases = [.. known.Aliases.Concat(entity.Aliases).Distinct()],
                    Addresses = [.. known.Addresses.Concat(entity.Addresses).Distinct()],
                };
            }
            else
            {
                order.Add(entity.Id);
                byKey[entity.Id] = entity;
            }
        }

        return new EntityListRule(documentNumber, [.. order.Select(key => byKey[key])], removed);
    }

    private static string KeyOf(string name) => EntityListCells.KeyOf(name);

    private static ListedEntity Entry(List<XElement> cells, string list, string? country, List<string> quoted, string documentNumber, int? firstPage)
    {
        var cell = cells[1];
        var head = Collapse(string.Concat(cell.Nodes().Where(n => n is not XElement { Name.LocalName: "LI" }).Select(n => n is XElement e ? e.Value : n.ToString())));
        var (name, aliases, addresses) = EntityListCells.Entry(head, cell.Elements("LI").Select(Text));
        if (aliases.Count == 0 && quoted.FirstOrDefault(q => head.StartsWith(q, StringComparison.OrdinalIgnoreCase)) is { } quotedName && head.Length > quotedName.Length)
        {
            addresses.Insert(0, head[quotedName.Length..].Trim(' ', ',', '.'));
            name = quotedName;
        }

        var citation = cells.Count > 4 ? Text(cells[4]).TrimEnd('.') : null;
        if (citation is not null && citation.Contains("[INSERT", StringComparison.OrdinalIgnoreCase))
        {
            citation = $"{citation.Split(' ')[0]} FR {firstPage?.ToString(CultureInfo.InvariantCulture) ?? "(page not printed)"}";
        }

        if (citation is not null && documentNumber.Length > 0 && !citation.Contains(documentNumber, StringComparison.Ordinal))
        {
            citation = $"{citation} ({documentNumber})";
        }

        return new ListedEntity
        {
            List = list,
            Id = KeyOf(name),
            Name = name,
            Aliases = aliases,
            Type = EntityType.Entity,
            Countries = country is null ? [] : [country],
            Addresses = addresses,
            Programs = ["Entity List"],
            LicenseRequirement = cells.Count > 2 ? NullIfEmpty(Text(cells[2])) : null,
            ReviewPolicy = cells.Count > 3 ? NullIfEmpty(Text(cells[3])) : null,
            Citation = citation,
        };
    }

    private static string CountryName(string cell) => EntityListCells.CountryName(cell);

    private static bool IsElision(XElement cell) => Text(cell).Replace("*", "", StringComparison.Ordinal).Trim().Length == 0 && cell.Value.Contains('*', StringComparison.Ordinal);

    // Footnote marks (<SU>3</SU>) are not text of the cell.
    private static string Text(XElement cell) => Collapse(string.Concat(cell.DescendantNodes().OfType<XText>().Where(t => t.Parent?.Name.LocalName != "SU").Select(t => t.Value)));

    private static string Collapse(string text) => EntityListCells.Collapse(text);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [GeneratedRegex(@"FR Doc\.\s*([0-9]{4}-[0-9]+)")]
    private static partial Regex FrDocument();

    [GeneratedRegex("“([^”]+)”")]
    private static partial Regex QuotedName();
}
