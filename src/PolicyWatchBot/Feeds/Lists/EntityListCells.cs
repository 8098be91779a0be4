using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// How the Entity List's table (Supplement No. 4 to part 744) writes an entry, wherever it is printed
/// (a Federal Register rule's <c>GPOTABLE</c>, the eCFR's <c>TABLE</c>): a country cell in capitals
/// ("CHINA, PEOPLE'S REPUBLIC OF"), and an entity cell that is the name, then ", a.k.a., the following
/// N aliases:" and one "—alias" item each, then its addresses.
/// </summary>
internal static partial class EntityListCells
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase) { "Inc.", "Ltd.", "Co.", "Corp.", "S.A.", "B.V.", "N.V.", "L.L.C.", "Pte.", "Bhd.", "Sdn." };

    /// <summary>
    /// The name, aliases and addresses of an entity cell: <paramref name="head"/> is its text before
    /// the first item, <paramref name="items"/> the items after it ("—alias;" or an address).
    /// </summary>
    public static (string Name, List<string> Aliases, List<string> Addresses) Entry(string head, IEnumerable<string> items)
    {
        var texts = items.Select(Collapse).Where(t => t.Length > 0).ToList();
        var aliases = texts.Where(i => i.StartsWith('—')).Select(CleanAlias).Where(a => a.Length > 0).ToList();
        var addresses = texts.Where(i => !i.StartsWith('—')).Select(a => a.TrimEnd('.')).ToList();
        var name = AlsoKnownAs().Replace(Collapse(head), "").Trim().TrimEnd(',');
        return (name, aliases, addresses);
    }

    /// <summary>The key of an Entity List entry: its name in upper case, spaces collapsed, without a final period.</summary>
    public static string KeyOf(string name) => Collapse(name).TrimEnd('.', ',', ';').ToUpperInvariant();

    /// <summary>"CHINA, PEOPLE'S REPUBLIC OF" → "China"; "RUSSIA" → "Russia".</summary>
    public static string CountryName(string cell)
    {
        var name = cell.Split(',')[0].Trim();
        return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant());
    }

    /// <summary>Whether the word ends in a period that is part of it ("Inc.", "Co."), not the end of a sentence.</summary>
    public static bool IsAbbreviation(string word) => Abbreviations.Contains(word);

    public static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // "—Electronic Network Products Inc.; and" → "Electronic Network Products Inc."; "—CPUNTO." → "CPUNTO".
    private static string CleanAlias(string item)
    {
        var alias = item.TrimStart('—').Trim();
        alias = (alias.EndsWith(" and", StringComparison.Ordinal) ? alias[..^4] : alias).TrimEnd(';', ',', ' ');
        return alias.EndsWith('.') && !IsAbbreviation(alias.Split(' ')[^1]) ? alias[..^1] : alias;
    }

    [GeneratedRegex(@",?\s*a\.k\.a\.,?\s*the following \w+ alias(es)?:?", RegexOptions.IgnoreCase)]
    private static partial Regex AlsoKnownAs();
}
