using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// OFAC's <c>sdn_advanced.xml</c> (root <c>Sanctions</c>, namespace <c>http://www.un.org/sanctions/1.0</c>):
/// each <c>DistinctParty</c> is an entity keyed by its <c>FixedRef</c>; its primary alias is the name
/// and the others (a.k.a., f.k.a., n.k.a.) aliases; its party subtype gives the type through the
/// reference value sets; the programs are the <c>SanctionsEntry</c> measures of its profile; the
/// locations its features point to give addresses and countries. References that do not resolve are skipped.
/// </summary>
internal static class SdnAdvancedParser
{
    private const string Expected = "OFAC's sdn_advanced XML (root <Sanctions>)";

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var document = ListBody.ExpectXml(feed, ListBody.Text(body), "Sanctions", Expected);
        var root = document.Root!;
        XNamespace ns = root.Name.Namespace;
        var values = root.Element(ns + "ReferenceValueSets");
        var partyTypes = Values(values, ns, "PartyType");
        var subTypes = values?.Descendants(ns + "PartySubType").ToDictionary(e => (string)e.Attribute("ID")!, e => (Sub: e.Value.Trim(), Party: (string?)e.Attribute("PartyTypeID"))) ?? [];
        var areaCodes = values?.Descendants(ns + "AreaCode").ToDictionary(e => (string)e.Attribute("ID")!, e => (string?)e.Attribute("Description") ?? e.Value.Trim()) ?? [];
        var countries = Values(values, ns, "Country");
        var locations = root.Element(ns + "Locations")?.Elements(ns + "Location").ToDictionary(e => (string)e.Attribute("ID")!, e => Location(e, ns, areaCodes, countries)) ?? [];
        var programs = root.Element(ns + "SanctionsEntries")?.Elements(ns + "SanctionsEntry")
            .GroupBy(e => (string?)e.Attribute("ProfileID") ?? "")
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Elements(ns + "SanctionsMeasure"))
                .Select(m => m.Element(ns + "Comment")?.Value.Trim() ?? "").Where(c => c.Length > 0).Distinct().ToList()) ?? [];

        var entities = new List<ListedEntity>();
        foreach (var party in root.Element(ns + "DistinctParties")?.Elements(ns + "DistinctParty") ?? [])
        {
            var id = (string?)party.Attribute("FixedRef");
            var profile = party.Element(ns + "Profile");
            var identity = profile?.Elements(ns + "Identity").FirstOrDefault(i => (string?)i.Attribute("Primary") == "true") ?? profile?.Element(ns + "Identity");
            if (id is null || profile is null || identity is null)
            {
                continue;
            }

            var aliases = identity.Elements(ns + "Alias").ToList();
            var primary = aliases.FirstOrDefault(a => (string?)a.Attribute("Primary") == "true") ?? aliases.FirstOrDefault();
            var name = primary is null ? "" : AliasName(primary, ns);
            if (name.Length == 0)
            {
                continue;
            }

            var partyLocations = profile.Descendants(ns + "VersionLocation").Select(l => (string?)l.Attribute("LocationID"))
                .Where(l => l is not null && locations.ContainsKey(l)).Select(l => locations[l!]).ToList();
            entities.Add(new ListedEntity
            {
                List = list,
                Id = id,
                Name = name,
                Aliases = [.. aliases.Where(a => a != primary).Select(a => AliasName(a, ns)).Where(a => a.Length > 0 && a != name).Distinct()],
                Type = TypeOf((string?)profile.Attribute("PartySubTypeID"), subTypes, partyTypes),
                Programs = programs.TryGetValue((string?)profile.Attribute("ID") ?? id, out var listed) ? listed : [],
                Addresses = [.. partyLocations.Select(l => l.Address).Where(a => a.Length > 0).Distinct()],
                Countries = [.. partyLocations.Select(l => l.Country).OfType<string>().Distinct()],
            });
        }

        return entities;
    }

    private static Dictionary<string, string> Values(XElement? values, XNamespace ns, string name) =>
        values?.Descendants(ns + name).Where(e => e.Attribute("ID") is not null).ToDictionary(e => (string)e.Attribute("ID")!, e => e.Value.Trim()) ?? [];

    private static string AliasName(XElement alias, XNamespace ns) =>
        alias.Elements(ns + "DocumentedName").FirstOrDefault() is { } documented
            ? string.Join(' ', documented.Descendants(ns + "NamePartValue").Select(v => v.Value.Trim()).Where(v => v.Length > 0))
            : "";

    private static EntityType TypeOf(string? subTypeId, Dictionary<string, (string Sub, string? Party)> subTypes, Dictionary<string, string> partyTypes)
    {
        if (subTypeId is null || !subTypes.TryGetValue(subTypeId, out var subType))
        {
            return EntityType.Unknown;
        }

        var party = subType.Party is { } partyId && partyTypes.TryGetValue(partyId, out var partyName) ? partyName : "";
        return (subType.Sub, party) switch
        {
            ("Vessel", _) => EntityType.Vessel,
            ("Aircraft", _) => EntityType.Aircraft,
            (_, "Individual") => EntityType.Person,
            (_, "Entity" or "Other Entity") => EntityType.Entity,
            _ => EntityType.Unknown,
        };
    }

    private static (string Address, string? Country) Location(XElement location, XNamespace ns, Dictionary<string, string> areaCodes, Dictionary<string, string> countries)
    {
        var parts = location.Elements(ns + "LocationPart").SelectMany(p => p.Descendants(ns + "Value")).Select(v => v.Value.Trim()).Where(v => v.Length > 0).ToList();
        var country = location.Elements(ns + "LocationCountry").Select(c => (string?)c.Attribute("CountryID")).Where(c => c is not null && countries.ContainsKey(c)).Select(c => countries[c!]).FirstOrDefault()
            ?? location.Elements(ns + "LocationAreaCode").Select(c => (string?)c.Attribute("AreaCodeID")).Where(c => c is not null && areaCodes.ContainsKey(c)).Select(c => areaCodes[c!]).FirstOrDefault();
        if (country is not null)
        {
            parts.Add(country);
        }

        return (string.Join(", ", parts), country);
    }
}
