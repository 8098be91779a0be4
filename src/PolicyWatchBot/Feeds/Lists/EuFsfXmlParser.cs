using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The EU's consolidated list of persons, groups and entities subject to financial sanctions, in
/// the Financial Sanctions Files XML (<c>xmlFullSanctionsList_1_1</c>): a root <c>export</c> of
/// <c>sanctionEntity</c> records keyed by their <c>logicalId</c>, each with its
/// <c>regulation</c>s (the <c>programme</c>: RUS, IRQ, TERR, ...), a <c>subjectType</c>
/// (<c>person</c> or <c>enterprise</c>), its <c>nameAlias</c>es (the first is the name, the others
/// aliases, in every script the list gives), <c>address</c>es, <c>citizenship</c>s and
/// <c>birthdate</c>s, all in attributes. The EU writes "UNKNOWN" for a country it does not know;
/// that is not a country.
/// </summary>
internal static class EuFsfXmlParser
{
    private const string Expected = "the EU Financial Sanctions Files XML (root <export> of <sanctionEntity>)";

    private static readonly string[] AddressParts = ["street", "poBox", "city", "zipCode", "region", "place", "countryDescription"];

    private static readonly string[] NameParts = ["firstName", "middleName", "lastName"];

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var document = ListBody.ExpectXml(feed, ListBody.Text(body), "export", Expected);
        XNamespace ns = document.Root!.Name.Namespace;
        var entities = new List<ListedEntity>();
        foreach (var entry in document.Root.Elements(ns + "sanctionEntity"))
        {
            var id = Attribute(entry, "logicalId");
            var names = entry.Elements(ns + "nameAlias").Select(WholeName).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (id.Length == 0 || names.Count == 0)
            {
                continue;
            }

            var addresses = entry.Elements(ns + "address").ToList();
            entities.Add(new ListedEntity
            {
                List = list,
                Id = id,
                Name = names[0],
                Aliases = names[1..],
                Type = Attribute(entry.Element(ns + "subjectType"), "code").ToLowerInvariant() switch
                {
                    "person" => EntityType.Person,
                    "enterprise" => EntityType.Entity,
                    _ => EntityType.Unknown,
                },
                Programs = ListRows.Distinct(entry.Elements(ns + "regulation").Select(r => Attribute(r, "programme"))),
                Addresses = ListRows.Distinct(addresses.Select(Address)),
                Countries = ListRows.Distinct(addresses.Concat(entry.Elements(ns + "citizenship")).Select(Country)),
                Dates = [.. entry.Elements(ns + "birthdate").Select(Born)
                    .Append(ListDates.Of("designated", Attribute(entry, "designationDate"))).OfType<EntityDate>().Distinct()],
                Remarks = entry.Element(ns + "remark")?.Value.Trim() is { Length: > 0 } remark ? remark : null,
            });
        }

        return entities;
    }

    // wholeName is the name as the regulation prints it; a nameAlias with only its parts is those parts.
    private static string WholeName(XElement alias) =>
        Attribute(alias, "wholeName") is { Length: > 0 } whole
            ? whole
            : string.Join(' ', NameParts.Select(part => Attribute(alias, part)).Where(part => part.Length > 0));

    private static string Address(XElement address) =>
        string.Join(", ", AddressParts.Select(part => part == "countryDescription" ? Country(address) : Attribute(address, part)).Where(part => part.Length > 0));

    private static string Country(XElement element) => Attribute(element, "countryDescription") is { } country && !country.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase) ? country : "";

    // A full date, else the year alone ("circa" years are written as the list gives them).
    private static EntityDate? Born(XElement birth) =>
        ListDates.Of("born", Attribute(birth, "birthdate") is { Length: > 0 } date ? date : Attribute(birth, "year"));

    private static string Attribute(XElement? element, string name) => element?.Attribute(name)?.Value.Trim() ?? "";
}
