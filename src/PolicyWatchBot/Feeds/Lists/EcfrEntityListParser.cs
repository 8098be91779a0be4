using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The Entity List itself, as the eCFR prints Supplement No. 4 to part 744 (the versioner's full XML,
/// <c>full/DATE/title-15.xml?part=744&amp;appendix=Supplement No. 4 to Part 744</c>): the
/// <c>DIV9</c> of that appendix holds an HTML-style <c>TABLE</c> (not the Federal Register's
/// <c>GPOTABLE</c>) whose <c>TR</c> rows have five <c>TD</c> cells: country (printed once, on the
/// first entry of each country), entity, license requirement, license review policy and Federal
/// Register citations. The entity cell is read as in a rule (<see cref="EntityListCells"/>): its
/// lines are split at <c>BR</c> or <c>P</c>, or, when it is one run of text, at the "—" of each
/// alias. The list has no ids: an entry's id is its country and its name, upper case and spaces
/// collapsed ("CANADA:CPUNTO INC"), so the same name listed under two countries is two entries, as the
/// table prints it, and a renamed entry reads as one removed and one added.
/// </summary>
internal static partial class EcfrEntityListParser
{
    private const string Supplement = "Supplement No. 4 to Part 744";

    private const string Expected = "the eCFR XML of Supplement No. 4 to part 744 (the Entity List table)";

    // Words a name's comma is followed by when the comma is part of the name ("Huawei Technologies Co., Ltd.").
    private static readonly HashSet<string> NameSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "LLC", "L.L.C.", "Co", "Co.", "Corp", "Corp.", "S.A.", "GmbH", "JSC", "PJSC", "B.V.", "N.V.", "Pte", "Pte.", "Pvt.", "Sdn.", "Bhd.", "LLP", "PLC", "SRL", "S.L.", "AG",
    };

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var text = ListBody.Text(body);
        // The root depends on what was asked for (the appendix's DIV9, the part's DIV5, ...); any other root is refused saying what it is.
        var root = ListBody.ExpectXml(feed, text, BodyShape.Inspect(text).Root is { } name && IsEcfrRoot(name) ? name : "DIV9", Expected).Root!;
        var appendix = root.DescendantsAndSelf().FirstOrDefault(e => ((string?)e.Attribute("N"))?.Trim().Equals(Supplement, StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new FeedParseException(feed, $"expected {Expected}, got eCFR XML without it (root <{root.Name.LocalName} N=\"{(string?)root.Attribute("N")}\">)");
        var table = appendix.Descendants().FirstOrDefault(t => t.Name.LocalName.Equals("TABLE", StringComparison.OrdinalIgnoreCase)
                && t.Descendants().Any(c => IsCell(c) && Text(c).Contains("License review policy", StringComparison.OrdinalIgnoreCase)))
            ?? throw new FeedParseException(feed, $"expected {Expected}, got the supplement without its table");

        var byId = new Dictionary<string, ListedEntity>(StringComparer.Ordinal);
        var order = new List<string>();
        string? country = null;
        string? current = null;
        foreach (var row in table.Descendants().Where(e => e.Name.LocalName.Equals("TR", StringComparison.OrdinalIgnoreCase)))
        {
            var cells = row.Elements().Where(IsCell).ToList();
            if (cells.Count == 0 || cells.Any(c => c.Name.LocalName.Equals("TH", StringComparison.OrdinalIgnoreCase)) || Text(cells[0]).Equals("Country", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Text(cells[0]) is { Length: > 0 } countryCell)
            {
                country = EntityListCells.CountryName(countryCell);
                current = null;
            }

            if (cells.Count < 2 || Text(cells[1]).Length == 0)
            {
                continue;
            }

            // A row with nothing but an entity cell continues the entry above: another address.
            if (cells.Skip(2).All(c => Text(c).Length == 0))
            {
                if (current is not null)
                {
                    byId[current] = byId[current] with { Addresses = [.. byId[current].Addresses.Concat(Lines(cells[1]).Select(a => a.TrimEnd('.', ';'))).Distinct()] };
                }

                continue;
            }

            var entity = Entry(list, country, cells);
            current = entity.Id;
            if (byId.TryGetValue(entity.Id, out var known))
            {
                byId[entity.Id] = known with
                {
                    Aliases = [.. known.Aliases.Concat(entity.Aliases).Distinct()],
                    Addresses = [.. known.Addresses.Concat(entity.Addresses).Distinct()],
                };
            }
            else
            {
                order.Add(entity.Id);
                byId[entity.Id] = entity;
            }
        }

        return [.. order.Select(id => byId[id])];
    }

    private static ListedEntity Entry(string list, string? country, List<XElement> cells)
    {
        var lines = Lines(cells[1]);
        if (lines.Count == 1 && lines[0].Contains('—', StringComparison.Ordinal))
        {
            lines = InlineAliases(lines[0]);
        }

        var (name, aliases, addresses) = EntityListCells.Entry(lines[0], lines.Skip(1));
        if (aliases.Count == 0 && lines.Count == 1 && NameEnd(name) is { } end)
        {
            addresses.Insert(0, name[(end + 1)..].Trim(' ', ',', '.'));
            name = name[..end].Trim();
        }

        return new ListedEntity
        {
            List = list,
            Id = $"{EntityListCells.KeyOf(country ?? "")}:{EntityListCells.KeyOf(name)}",
            Name = name,
            Aliases = aliases,
            Type = EntityType.Entity,
            Countries = country is null ? [] : [country],
            Addresses = addresses,
            Programs = ["Entity List"],
            LicenseRequirement = cells.Count > 2 ? NullIfEmpty(Text(cells[2])) : null,
            ReviewPolicy = cells.Count > 3 ? NullIfEmpty(Text(cells[3])) : null,
            Citation = cells.Count > 4 ? NullIfEmpty(Text(cells[4]).TrimEnd('.')) : null,
        };
    }

    // "Name, a.k.a., the following two aliases: —A; and —B. 1 Example Road, City." → the head, "—A; and", "—B", "1 Example Road, City."
    private static List<string> InlineAliases(string text)
    {
        var parts = text.Split('—');
        var lines = new List<string> { parts[0].Trim() };
        lines.AddRange(parts[1..^1].Select(p => "—" + p.Trim()));
        var last = parts[^1].Trim();
        var end = SentenceEnd().Matches(last).FirstOrDefault(m => !EntityListCells.IsAbbreviation(LastWord(last[..(m.Index + 1)])));
        lines.Add("—" + (end is null ? last : last[..(end.Index + 1)]));
        if (end is not null)
        {
            lines.Add(last[(end.Index + end.Length)..].Trim());
        }

        return lines;
    }

    // Where the name of an entry without aliases ends and its address begins: the first comma not followed by a
    // legal suffix ("Example Parts Co., Ltd., No. 12 ..." ends after "Ltd."); null when the cell has no comma.
    private static int? NameEnd(string text)
    {
        for (var comma = text.IndexOf(',', StringComparison.Ordinal); comma >= 0; comma = text.IndexOf(',', comma + 1))
        {
            var next = text[(comma + 1)..].TrimStart().Split(' ', 2)[0].TrimEnd(',', ';');
            if (!NameSuffixes.Contains(next))
            {
                return comma;
            }
        }

        return null;
    }

    private static string LastWord(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words[^1] : "";

    // The lines of a cell: its text, broken at each BR and each P.
    private static List<string> Lines(XElement cell)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        void Flush()
        {
            if (EntityListCells.Collapse(line.ToString()) is { Length: > 0 } text)
            {
                lines.Add(text);
            }

            line.Clear();
        }

        foreach (var node in cell.Nodes())
        {
            switch (node)
            {
                case XElement { Name.LocalName: "BR" or "br" }:
                    Flush();
                    break;
                case XElement { Name.LocalName: "P" or "p" } paragraph:
                    Flush();
                    line.Append(Text(paragraph));
                    Flush();
                    break;
                case XElement element:
                    line.Append(' ').Append(Text(element)).Append(' ');
                    break;
                case XText content:
                    line.Append(content.Value);
                    break;
            }
        }

        Flush();
        return lines;
    }

    private static bool IsEcfrRoot(string name) => name.StartsWith("DIV", StringComparison.OrdinalIgnoreCase) || name.Equals("ECFR", StringComparison.OrdinalIgnoreCase);

    private static bool IsCell(XElement element) => element.Name.LocalName.ToUpperInvariant() is "TD" or "TH";

    // Footnote marks (<SU>3</SU>) are not text of the cell.
    private static string Text(XElement cell) => EntityListCells.Collapse(string.Concat(cell.DescendantNodes().OfType<XText>().Where(t => t.Parent?.Name.LocalName != "SU").Select(t => t.Value)));

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [GeneratedRegex(@"\.\s+(?=[\p{Lu}\d])")]
    private static partial Regex SentenceEnd();
}
