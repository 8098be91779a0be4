using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// The Sanctions List Service's classic XML (<c>sdn.xml</c>, <c>consolidated.xml</c>): a root
/// <c>sdnList</c> of <c>sdnEntry</c> records (uid, names, type, programs, a.k.a.s, addresses,
/// nationalities, dates of birth), its header in OFAC's own misspelt <c>publshInformation</c>.
/// </summary>
internal static class SdnXmlParser
{
    private const string Expected = "OFAC's sdnList XML";

    private static readonly string[] AddressParts = ["address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country"];

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var document = ListBody.ExpectXml(feed, ListBody.Text(body), "sdnList", Expected);
        XNamespace ns = document.Root!.Name.Namespace;
        var entities = new List<ListedEntity>();
        foreach (var entry in document.Root.Elements(ns + "sdnEntry"))
        {
            var id = entry.Element(ns + "uid")?.Value.Trim();
            var name = FullName(entry, ns);
            if (string.IsNullOrEmpty(id) || name.Length == 0)
            {
                continue;
            }

            entities.Add(new ListedEntity
            {
                List = list,
                Id = id,
                Name = name,
                Type = (entry.Element(ns + "sdnType")?.Value.Trim().ToLowerInvariant()) switch
                {
                    "individual" => EntityType.Person,
                    "vessel" => EntityType.Vessel,
                    "aircraft" => EntityType.Aircraft,
                    _ => EntityType.Entity,
                },
                Programs = [.. entry.Elements(ns + "programList").Elements(ns + "program").Select(p => p.Value.Trim()).Where(p => p.Length > 0)],
                Aliases = [.. entry.Elements(ns + "akaList").Elements(ns + "aka").Select(aka => FullName(aka, ns)).Where(a => a.Length > 0).Distinct()],
                Addresses = [.. entry.Elements(ns + "addressList").Elements(ns + "address").Select(a => Address(a, ns)).Where(a => a.Length > 0)],
                Countries = [.. entry.Elements(ns + "addressList").Elements(ns + "address").Elements(ns + "country")
                    .Concat(entry.Descendants(ns + "nationality").Elements(ns + "country"))
                    .Concat(entry.Descendants(ns + "citizenship").Elements(ns + "country"))
                    .Select(c => c.Value.Trim()).Where(c => c.Length > 0).Distinct()],
                Dates = [.. entry.Descendants(ns + "dateOfBirth").Select(d => ListDates.Of("born", d.Value)).OfType<EntityDate>()],
                Remarks = entry.Element(ns + "remarks")?.Value.Trim() is { Length: > 0 } remarks ? remarks : null,
            });
        }

        return entities;
    }

    private static string FullName(XElement element, XNamespace ns) =>
        string.Join(' ', new[] { element.Element(ns + "firstName")?.Value, element.Element(ns + "lastName")?.Value }
            .Select(part => part?.Trim()).Where(part => !string.IsNullOrEmpty(part)));

    private static string Address(XElement address, XNamespace ns) =>
        string.Join(", ", AddressParts.Select(part => address.Element(ns + part)?.Value.Trim()).Where(part => !string.IsNullOrEmpty(part)));
}
