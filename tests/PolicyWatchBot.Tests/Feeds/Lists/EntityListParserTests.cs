using System.Text;
using System.Xml.Linq;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;
using static PolicyWatchBot.Tests.Feeds.Lists.ListFixtures;

namespace PolicyWatchBot.Tests.Feeds.Lists;

public sealed class EntityListParserTests
{
    [Fact]
    public void SdnCsv_RealList_ReadsEveryRecordWithProgramsAndRemarkAliases()
    {
        var entities = Parse(EntityListFormat.SdnCsv, Bytes(SdnCsv));

        Assert.Equal(8976, entities.Count);
        var bank = Assert.Single(entities, e => e.Id == "306");
        Assert.Equal("BANCO NACIONAL DE CUBA", bank.Name);
        Assert.Equal(["CUBA"], bank.Programs);
        Assert.Equal(["BNC"], bank.Aliases);
        Assert.Equal(EntityType.Entity, bank.Type);
        Assert.DoesNotContain(entities, e => e.Name.Contains("-0-", StringComparison.Ordinal) || e.Programs.Any(p => p.Contains(']', StringComparison.Ordinal)));
        Assert.Contains(entities, e => e.Type == EntityType.Vessel);
        Assert.Contains(entities, e => e.Programs.Count > 1);
    }

    [Fact]
    public void SdnCsv_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(SdnCsv).TrimEnd('\u001A');
        var edited = text
            .Replace("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "", StringComparison.Ordinal)
            .Replace("\"a.k.a. 'BNC'.\"", "\"a.k.a. 'BNC'; a.k.a. 'BANCO CUBA'.\"", StringComparison.Ordinal)
            + "99999,\"NEW EXAMPLE TRADING LLC\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\u001A";

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.SdnCsv, text), Parse(EntityListFormat.SdnCsv, edited));

        AssertThreeChanges(changes, added: "99999", removed: "36", amended: "306", "alias added: BANCO CUBA");
    }

    [Fact]
    public void SdnXml_RealConsolidatedList_ReadsEveryEntryDespiteTheMisspeltHeader()
    {
        var entities = Parse(EntityListFormat.SdnXml, Bytes(ConsolidatedXml));

        Assert.Equal(445, entities.Count);
        var haniya = Assert.Single(entities, e => e.Id == "9639");
        Assert.Equal("Ismail Abdul Salah HANIYA", haniya.Name);
        Assert.Equal(EntityType.Person, haniya.Type);
        Assert.Equal(["NS-PLC"], haniya.Programs);
        Assert.Equal(["Ismail HANIYA", "Ismaeel HANIYYA"], haniya.Aliases);
        Assert.Contains(haniya.Dates, d => d.Kind == "born" && d.Text == "1962");
        Assert.Contains(entities, e => e.Countries.Count > 0);
    }

    [Fact]
    public void SdnXml_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(ConsolidatedXml);
        var document = XDocument.Parse(text);
        XNamespace ns = document.Root!.Name.Namespace;
        var entries = document.Root.Elements(ns + "sdnEntry").ToList();
        var removed = entries.Single(e => e.Element(ns + "uid")!.Value == "9639");
        var added = new XElement(removed);
        added.Element(ns + "uid")!.Value = "99999";
        added.Element(ns + "lastName")!.Value = "EXAMPLE";
        removed.Remove();
        document.Root.Add(added);
        entries.Single(e => e.Element(ns + "uid")!.Value == "9640").Element(ns + "akaList")!
            .Add(new XElement(ns + "aka", new XElement(ns + "uid", "1"), new XElement(ns + "lastName", "ABU TEER"), new XElement(ns + "firstName", "Mohamed")));

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.SdnXml, text), Parse(EntityListFormat.SdnXml, document.ToString()));

        AssertThreeChanges(changes, added: "99999", removed: "9639", amended: "9640", "alias added: Mohamed ABU TEER");
    }

    [Fact]
    public void SdnAdvanced_RealSample_ReadsPartiesWithAliasesTypesProgramsAndCountries()
    {
        var entities = Parse(EntityListFormat.SdnAdvanced, Bytes(SdnAdvanced));

        Assert.Equal(37, entities.Count);
        var airline = Assert.Single(entities, e => e.Id == "36");
        Assert.Equal("AEROCARIBBEAN AIRLINES", airline.Name);
        Assert.Equal(["AERO-CARIBBEAN"], airline.Aliases);
        Assert.Equal(EntityType.Entity, airline.Type);
        Assert.Equal(["Cuba"], airline.Countries);
        Assert.Equal(["Havana, Cuba"], airline.Addresses);
        var lagoon = Assert.Single(entities, e => e.Id == "23665");
        Assert.Equal(3, lagoon.Aliases.Count);
    }

    [Fact]
    public void SdnAdvanced_SanctionsEntryOfAProfile_GivesItsPrograms()
    {
        // The origin trimmed the sample so that no sanctions entry refers to a party it kept: one is added here.
        var document = XDocument.Parse(Text(SdnAdvanced));
        XNamespace ns = document.Root!.Name.Namespace;
        document.Root.Element(ns + "SanctionsEntries")!.Add(new XElement(ns + "SanctionsEntry", new XAttribute("ID", "1"), new XAttribute("ProfileID", "36"),
            new XElement(ns + "SanctionsMeasure", new XElement(ns + "Comment", "CUBA")), new XElement(ns + "SanctionsMeasure", new XElement(ns + "Comment"))));

        var airline = Assert.Single(Parse(EntityListFormat.SdnAdvanced, document.ToString()), e => e.Id == "36");

        Assert.Equal(["CUBA"], airline.Programs);
    }

    [Fact]
    public void SdnAdvanced_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(SdnAdvanced);
        var document = XDocument.Parse(text);
        XNamespace ns = document.Root!.Name.Namespace;
        var parties = document.Root.Element(ns + "DistinctParties")!;
        var removed = parties.Elements(ns + "DistinctParty").Single(p => (string?)p.Attribute("FixedRef") == "36");
        var added = new XElement(removed);
        added.SetAttributeValue("FixedRef", "99999");
        added.Descendants(ns + "NamePartValue").First().Value = "EXAMPLE AIRLINES";
        removed.Remove();
        parties.Add(added);
        var lagoon = parties.Elements(ns + "DistinctParty").Single(p => (string?)p.Attribute("FixedRef") == "23665").Descendants(ns + "Identity").First();
        var alias = new XElement(lagoon.Elements(ns + "Alias").Last());
        alias.Descendants(ns + "NamePartValue").First().Value = "BLUE LAGOON HOLDINGS";
        lagoon.Elements(ns + "Alias").Last().AddAfterSelf(alias);

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.SdnAdvanced, text), Parse(EntityListFormat.SdnAdvanced, document.ToString()));

        AssertThreeChanges(changes, added: "99999", removed: "36", amended: "23665", "alias added: BLUE LAGOON HOLDINGS");
    }

    [Theory]
    [InlineData(CslCurrent, 13)]
    [InlineData(CslOlder, 110)]
    public void CslCsv_BothRealFormats_ReadEveryRecordUnderItsOwnId(string fixture, int records)
    {
        // The older format has no ids: its 115 rows are 110 keys (source and entity number, else source and name).
        var entities = Parse(EntityListFormat.CslCsv, Bytes(fixture));

        Assert.Equal(records, entities.Count);
        Assert.Equal(records, entities.Select(e => e.Id).Distinct().Count());
        Assert.Contains(entities, e => e.Aliases.Count > 0);
        Assert.Contains(entities, e => e.Programs[0].StartsWith("Entity List (EL)", StringComparison.Ordinal) && e.LicenseRequirement is not null);
        Assert.DoesNotContain(entities, e => e.Name != e.Name.Trim());
    }

    [Fact]
    public void CslCsv_CurrentFormat_KeysByTheRecordIdAndReadsAddressCountries()
    {
        var atlas = Assert.Single(Parse(EntityListFormat.CslCsv, Bytes(CslCurrent)), e => e.Name == "Atlas Sanatgaran");

        Assert.Equal("1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42", atlas.Id);
        Assert.Equal(["Komitas 26/114, Yerevan, Armenia, AM"], atlas.Addresses);
        Assert.Equal(["AM"], atlas.Countries);
    }

    [Theory]
    [InlineData(CslCurrent)]
    [InlineData(CslOlder)]
    public void CslCsv_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded(string fixture)
    {
        var lines = Text(fixture).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var before = Parse(EntityListFormat.CslCsv, string.Join("\r\n", lines));
        var header = lines[0].Split(',').ToList();
        var withAlias = before.First(e => e.Aliases.Count > 0);
        var removed = before.First(e => e != withAlias);
        var edited = new List<string>(lines);
        var removedLine = edited.FindIndex(1, l => l.Contains(removed.Name, StringComparison.Ordinal));
        var newLine = edited[removedLine].Replace(removed.Name, "Example Dual-Use Trading Co.", StringComparison.Ordinal);
        if (header[0] == "_id")
        {
            newLine = "\"ffff" + newLine[5..];
        }

        edited.RemoveAt(removedLine);
        edited.Add(newLine);
        var aliasLine = edited.FindIndex(1, l => l.Contains(withAlias.Aliases[0], StringComparison.Ordinal));
        edited[aliasLine] = edited[aliasLine].Replace(withAlias.Aliases[0], withAlias.Aliases[0] + "; Example Alias Holdings", StringComparison.Ordinal);

        var changes = EntityDiffer.Diff(before, Parse(EntityListFormat.CslCsv, string.Join("\r\n", edited)));

        var added = Assert.Single(changes, c => c.Kind == EntityChangeKind.Added);
        Assert.Equal("Example Dual-Use Trading Co.", added.Entity.Name);
        Assert.Equal(removed.Id, Assert.Single(changes, c => c.Kind == EntityChangeKind.Removed).Entity.Id);
        var amended = Assert.Single(changes, c => c.Kind == EntityChangeKind.Amended);
        Assert.Equal(withAlias.Id, amended.Entity.Id);
        Assert.Equal("alias added: Example Alias Holdings", Assert.Single(amended.Changes).ToString());
        Assert.Equal(3, changes.Count);
    }

    [Fact]
    public void DeniedPersons_RealList_OneEntityPerNameWithEachAddressAndTheDateTyposFlagged()
    {
        var entities = Parse(EntityListFormat.DeniedPersons, Bytes(DeniedPersons));

        Assert.Equal(459, entities.Count);
        var ash = Assert.Single(entities, e => e.Id == "I. ASH");
        Assert.Equal("I. ASH", ash.Name);
        Assert.Equal(["US"], ash.Countries);
        Assert.Contains(ash.Dates, d => d is { Kind: "expires", Text: "06/29/2056", Flag: null });
        Assert.Contains(entities, e => e.Addresses.Count > 1);
        var typos = entities.SelectMany(e => e.Dates).Where(d => d.Flag is not null).Select(d => d.Text).ToList();
        Assert.Contains("3017-08-22", typos);
        Assert.Contains("2922-09-01", typos);
        Assert.Contains("0222-05-18", typos);
        Assert.Contains(entities.SelectMany(e => e.Dates), d => d.Text == "3017-08-22" && d.Flag == "year 3017 is not a plausible date");
    }

    [Fact]
    public void DeniedPersons_TwoVersions_GiveExactlyTheAddedRemovedAndAddressAdded()
    {
        // The Denied Persons List prints no aliases: its third edit is another address for a listed person.
        var text = Text(DeniedPersons);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var villa = lines.Single(l => l.StartsWith("\"AARON ABRAHAM VILLA\"", StringComparison.Ordinal));
        var ash = lines.First(l => l.StartsWith("\" I. ASH\"", StringComparison.Ordinal));
        var edited = lines.Where(l => l != villa).ToList();
        edited.Add(villa.Replace("AARON ABRAHAM VILLA", "EXAMPLE NEW PERSON", StringComparison.Ordinal));
        edited.Add(ash.Replace("FCI SEAGOVILLE, 2113 NORTH HIGHWAY 175", "1 EXAMPLE STREET", StringComparison.Ordinal));

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.DeniedPersons, text), Parse(EntityListFormat.DeniedPersons, string.Join("\n", edited)));

        AssertThreeChanges(changes, added: "EXAMPLE NEW PERSON", removed: "AARON ABRAHAM VILLA", amended: "I. ASH",
            "address added: UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, 1 EXAMPLE STREET, SEAGOVILLE, TX, US, 75159");
    }

    [Fact]
    public void FederalRegisterEntityList_RealRule_ReadsItsTenEntitiesWithTermsAndCitation()
    {
        var entities = Parse(EntityListFormat.FederalRegisterEntityList, Bytes(EntityListRule));

        Assert.Equal(10, entities.Count);
        var cpunto = Assert.Single(entities, e => e.Name == "CPUNTO Inc.");
        Assert.Equal("CPUNTO INC", cpunto.Id);
        Assert.Equal(["CPUNTO"], cpunto.Aliases);
        Assert.Equal(["Canada"], cpunto.Countries);
        Assert.Equal(["5929 Route Transcanadienne Ste 130 St. Laurent, Quebec H4T 1Z6 Canada"], cpunto.Addresses);
        Assert.Equal("For all items subject to the EAR. (See §§ 734.9(g), 744.21(b), and 746.8(a)(3) of the EAR)", cpunto.LicenseRequirement);
        Assert.StartsWith("Policy of denial for all items subject to the EAR", cpunto.ReviewPolicy, StringComparison.Ordinal);
        Assert.Equal("88 FR 12170 (2023-03929)", cpunto.Citation);
        var network = Assert.Single(entities, e => e.Name == "Electronic Network Inc.");
        Assert.Equal(6, network.Aliases.Count);
        Assert.Contains("Electronic Network Products Inc.", network.Aliases);
        Assert.Equal(["145 Montee De Liesse Ste 10 St. Laurent, Quebec H4T 1T9 Canada"], network.Addresses);
        var head = Assert.Single(entities, e => e.Name == "China HEAD Aerospace Technology Co.");
        Assert.Equal(["China", "France", "Netherlands"], head.Countries);
        Assert.Contains(entities, e => e.Countries.SequenceEqual(["Russia"]));
    }

    [Fact]
    public void FederalRegisterEntityList_NextRule_AddsRemovesAndRevisesTheStoredList()
    {
        var baseline = Parse(EntityListFormat.FederalRegisterEntityList, Bytes(EntityListRule));
        var document = XDocument.Parse(Text(EntityListRule));
        var amendments = document.Descendants("AMDPAR").Last();
        amendments.AddAfterSelf(new XElement("AMDPAR", "g. Under CANADA, by removing the entry for “CPUNTO Inc.”;"));
        var rows = document.Descendants("GPOTABLE").First().Elements("ROW").ToList();
        var cpunto = rows.Single(r => r.Value.Contains("CPUNTO Inc.", StringComparison.Ordinal));
        var added = new XElement(cpunto);
        added.Elements("ENT").ElementAt(1).ReplaceNodes("Example Maple Tech Inc., a.k.a., the following one alias:", new XElement("LI", "—Maple Tech."), new XElement("LI", "1 Example Road, Toronto, Ontario, Canada."));
        cpunto.AddAfterSelf(added);
        cpunto.Remove();
        rows.Single(r => r.Value.Contains("AOOK Technology Ltd.", StringComparison.Ordinal)).Elements("ENT").ElementAt(1).Elements("LI").First().AddAfterSelf(new XElement("LI", "—AOOK Tech;"));

        var changes = EntityDiffer.Diff(baseline, Parse(EntityListFormat.FederalRegisterEntityList, document.ToString(), baseline));

        AssertThreeChanges(changes, added: "EXAMPLE MAPLE TECH INC", removed: "CPUNTO INC", amended: "AOOK TECHNOLOGY LTD", "alias added: AOOK Tech");
    }

    [Theory]
    [InlineData(EntityListFormat.SdnCsv)]
    [InlineData(EntityListFormat.SdnXml)]
    [InlineData(EntityListFormat.SdnAdvanced)]
    [InlineData(EntityListFormat.CslCsv)]
    [InlineData(EntityListFormat.DeniedPersons)]
    [InlineData(EntityListFormat.FederalRegisterEntityList)]
    public void AnyFormat_S3NoSuchKeyBody_FailsSayingWhatCame(EntityListFormat format)
    {
        var exception = Assert.Throws<FeedParseException>(() => Parse(format, Bytes(NoSuchKey)));

        Assert.Contains("got an error document (NoSuchKey: The specified key does not exist.)", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("feed test-list: expected ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EntityListFormat.SdnCsv)]
    [InlineData(EntityListFormat.SdnXml)]
    [InlineData(EntityListFormat.CslCsv)]
    [InlineData(EntityListFormat.DeniedPersons)]
    public void AnyFormat_HtmlErrorPage_FailsSayingWhatCame(EntityListFormat format)
    {
        var html = "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>Try later</body></html>";

        var exception = Assert.Throws<FeedParseException>(() => Parse(format, Encoding.UTF8.GetBytes(html)));

        Assert.Contains("got an HTML page (title '503 Service Unavailable')", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SdnXml_OtherXml_FailsNamingTheRoot()
    {
        var exception = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.SdnXml, Bytes(SdnAdvanced)));

        Assert.Contains("expected OFAC's sdnList XML, got XML with root <Sanctions>", exception.Message, StringComparison.Ordinal);
    }

    private static void AssertThreeChanges(IReadOnlyList<EntityChange> changes, string added, string removed, string amended, string amendment)
    {
        Assert.Equal(3, changes.Count);
        Assert.Equal(added, Assert.Single(changes, c => c.Kind == EntityChangeKind.Added).Entity.Id);
        Assert.Equal(removed, Assert.Single(changes, c => c.Kind == EntityChangeKind.Removed).Entity.Id);
        var change = Assert.Single(changes, c => c.Kind == EntityChangeKind.Amended);
        Assert.Equal(amended, change.Entity.Id);
        Assert.Equal(amendment, Assert.Single(change.Changes).ToString());
    }
}
