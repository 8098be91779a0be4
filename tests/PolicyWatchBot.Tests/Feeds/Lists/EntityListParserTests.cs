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

    [Fact]
    public void OfsiConList_HandWrittenCsv_GroupsTheRowsOfEachGroupIdIntoOneEntity()
    {
        var entities = Parse(EntityListFormat.OfsiConList, Bytes(OfsiCsv));

        Assert.Equal(8, entities.Count);
        var person = Assert.Single(entities, e => e.Id == "15901");
        Assert.Equal("Dmitri Arkadyevich KORVALEV", person.Name);
        Assert.Equal(["Dmitriy Arkadievich KORVALEV", "Dima KORVALYOV", "КОРВАЛЕВ Дмитрий Аркадьевич"], person.Aliases);
        Assert.Equal(EntityType.Person, person.Type);
        Assert.Equal(["Russia"], person.Countries);
        Assert.Equal(["Ulitsa Primernaya 12, Novosibirsk, 630000, Russia"], person.Addresses);
        Assert.Equal(["Russia"], person.Programs);
        Assert.Equal(["born 14/03/1971", "listed 15/03/2022"], person.Dates.Select(d => d.ToString()));
        Assert.Equal(new DateOnly(1971, 3, 14), person.Dates[0].Value);
        Assert.StartsWith("(UK Sanctions List Ref):RUS9901. (UK Statement of Reasons):General Director", person.Remarks, StringComparison.Ordinal);
        Assert.Null(person.LicenseRequirement);
        Assert.Null(person.ReviewPolicy);
        Assert.Null(person.Citation);
        var company = Assert.Single(entities, e => e.Id == "15902");
        Assert.Equal("SEVERNAYA LOGISTIKA JSC", company.Name);
        Assert.Equal(["NORTHERN LOGISTICS JSC"], company.Aliases);
        Assert.Equal(["Prospekt Primerny 5, Office 301, Novosibirsk, 630099, Russia", "Portovaya Ulitsa 1, Vladivostok, 690000, Russia"], company.Addresses);
        var ship = Assert.Single(entities, e => e.Id == "15903");
        Assert.Equal(EntityType.Vessel, ship.Type);
        Assert.Equal(new DateOnly(2025, 5, 9), Assert.Single(ship.Dates).Value);
        Assert.Contains(Assert.Single(entities, e => e.Id == "15904").Dates, d => d is { Kind: "born", Text: "00/00/1968", Value: null, Flag: null });
        Assert.Equal(["KAMA ENGINEERING WORKS LLC"], Assert.Single(entities, e => e.Id == "15908").Aliases);
        Assert.Equal(["China"], Assert.Single(entities, e => e.Id == "15907").Countries);
    }

    [Fact]
    public void OfsiConList_HandWrittenXml_ReadsTheSameFieldsAsTheCsv()
    {
        var entities = Parse(EntityListFormat.OfsiConList, Bytes(OfsiXml));

        Assert.Equal(["15901", "15903"], entities.Select(e => e.Id));
        var person = entities[0];
        Assert.Equal("Dmitri Arkadyevich KORVALEV", person.Name);
        Assert.Equal(["Dima KORVALYOV", "КОРВАЛЕВ Дмитрий Аркадьевич"], person.Aliases);
        Assert.Equal(EntityType.Person, person.Type);
        Assert.Equal(["Ulitsa Primernaya 12, Novosibirsk, 630000, Russia"], person.Addresses);
        Assert.Equal(["Russia"], person.Programs);
        Assert.Equal(["born 1971-03-14", "listed 2022-03-15"], person.Dates.Select(d => d.ToString()));
        Assert.Equal(EntityType.Vessel, entities[1].Type);
    }

    [Fact]
    public void OfsiConList_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(OfsiCsv);
        var lines = text.Split("\r\n").Where(l => l.Length > 0).ToList();
        var edited = lines.Where(l => !l.EndsWith(",15903", StringComparison.Ordinal)).ToList();
        edited.Add(lines.Single(l => l.EndsWith(",15907", StringComparison.Ordinal)).Replace("BLUE HARBOUR NETWORKS LIMITED", "GREEN HARBOUR NETWORKS LIMITED", StringComparison.Ordinal)[..^5] + "15999");
        edited.Add(lines.Single(l => l.StartsWith("NORTHERN LOGISTICS JSC,", StringComparison.Ordinal)).Replace("NORTHERN LOGISTICS JSC", "SEVERNAYA LOGISTICS COMPANY", StringComparison.Ordinal));

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.OfsiConList, text), Parse(EntityListFormat.OfsiConList, string.Join("\r\n", edited)));

        AssertThreeChanges(changes, added: "15999", removed: "15903", amended: "15902", "alias added: SEVERNAYA LOGISTICS COMPANY");
    }

    [Fact]
    public void OfsiConList_CsvWithoutItsHeader_FailsSayingWhatCame()
    {
        var exception = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.OfsiConList, Bytes(CslOlder)));

        Assert.StartsWith("feed test-list: expected OFSI's consolidated list", exception.Message, StringComparison.Ordinal);
        Assert.Contains("got no such header (first row: source, entity_number, type, programs, name)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UkSanctionsList_HandWrittenCsv_GroupsTheRowsOfEachUniqueIdIntoOneEntity()
    {
        var entities = Parse(EntityListFormat.UkSanctionsList, Bytes(UkSanctionsList), list: "uk-sanctions-list");

        Assert.Equal(["RUS9901", "RUS9902", "RUS9903", "CDR9904", "INU9905", "CYB9906", "RUS9907"], entities.Select(e => e.Id));
        var person = entities[0];
        Assert.Equal("Dmitri Arkadyevich KORVALEV", person.Name);
        Assert.Equal(["Dmitriy Arkadievich KORVALEV", "Dima KORVALYOV", "КОРВАЛЕВ Дмитрий Аркадьевич"], person.Aliases);
        Assert.Equal(EntityType.Person, person.Type);
        Assert.Equal(["Russia"], person.Countries);
        Assert.Equal(["Ulitsa Primernaya 12, Novosibirsk, 630000, Russia"], person.Addresses);
        Assert.Equal(["The Russia (Sanctions) (EU Exit) Regulations 2019"], person.Programs);
        Assert.Equal(["born 14/03/1971", "listed 15/03/2022"], person.Dates.Select(d => d.ToString()));
        Assert.Equal(new DateOnly(1971, 3, 14), person.Dates[0].Value);
        Assert.Equal(new DateOnly(2022, 3, 15), person.Dates[1].Value);
        Assert.Equal("(UK Statement of Reasons):Dmitri Arkadyevich KORVALEV is the General Director of Severnaya Logistika JSC, a company operating in the transport sector, a sector of strategic significance to the Government of Russia.", person.Remarks);
        Assert.Equal("uk-sanctions-list", person.List);
        Assert.Null(person.LicenseRequirement);
        Assert.Null(person.ReviewPolicy);
        Assert.Null(person.Citation);
        var company = entities[1];
        Assert.Equal("SEVERNAYA LOGISTIKA JSC", company.Name);
        Assert.Equal(["NORTHERN LOGISTICS JSC"], company.Aliases);
        Assert.Equal(EntityType.Entity, company.Type);
        Assert.Equal(["Prospekt Primerny 5, Office 301, Novosibirsk, 630099, Russia", "Portovaya Ulitsa 1, Vladivostok, 690000, Russia"], company.Addresses);
        var ship = entities[2];
        Assert.Equal(EntityType.Vessel, ship.Type);
        Assert.Empty(ship.Countries);
        Assert.Equal(new DateOnly(2025, 5, 9), Assert.Single(ship.Dates).Value);
        Assert.StartsWith("(UK Statement of Reasons):OCEAN LARK (IMO 9000001) is involved", ship.Remarks, StringComparison.Ordinal);
        Assert.Contains("(Other Information):Shipping sanctions: a specified ship", ship.Remarks, StringComparison.Ordinal);
        Assert.EndsWith("(IMO number):IMO9000001", ship.Remarks, StringComparison.Ordinal);
        var un = entities[3];
        Assert.Equal(["Amani MBEKO"], un.Aliases);
        Assert.Equal(["Democratic Republic of the Congo"], un.Countries);
        Assert.Contains(un.Dates, d => d is { Kind: "born", Text: "00/00/1968", Value: null, Flag: null });
        Assert.Equal(["PAMCO"], entities[4].Aliases);
        Assert.Equal(["The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019"], entities[4].Programs);
        Assert.Equal(["China"], entities[5].Countries);
        Assert.Equal(["KAMA ENGINEERING WORKS LLC"], entities[6].Aliases);
    }

    [Fact]
    public void UkSanctionsList_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(UkSanctionsList);
        var lines = text.Split("\r\n").Where(l => l.Length > 0).ToList();
        var edited = lines.Where(l => !l.Contains(",RUS9903,", StringComparison.Ordinal)).ToList();
        edited.Add(lines.Single(l => l.Contains(",CYB9906,", StringComparison.Ordinal))
            .Replace(",CYB9906,15907,", ",CYB9999,15999,", StringComparison.Ordinal)
            .Replace("BLUE HARBOUR NETWORKS LIMITED", "GREEN HARBOUR NETWORKS LIMITED", StringComparison.Ordinal));
        edited.Add(lines.Single(l => l.Contains(",NORTHERN LOGISTICS JSC,", StringComparison.Ordinal))
            .Replace("NORTHERN LOGISTICS JSC", "SEVERNAYA LOGISTICS COMPANY", StringComparison.Ordinal));

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.UkSanctionsList, text), Parse(EntityListFormat.UkSanctionsList, string.Join("\r\n", edited)));

        AssertThreeChanges(changes, added: "CYB9999", removed: "RUS9903", amended: "RUS9902", "alias added: SEVERNAYA LOGISTICS COMPANY");
    }

    [Fact]
    public void UkSanctionsList_OfsiConListCsv_FailsSayingItIsTheRetiredConList()
    {
        var exception = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.UkSanctionsList, Bytes(OfsiCsv)));

        Assert.StartsWith("feed test-list: expected the UK Sanctions List (UK-Sanctions-List.csv", exception.Message, StringComparison.Ordinal);
        Assert.Contains("got OFSI's Consolidated List (ConList.csv: Group ID, no Unique ID), retired on 28 January 2026", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UkSanctionsList_CsvWithoutItsHeader_FailsSayingWhatCame()
    {
        var exception = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.UkSanctionsList, Bytes(CslOlder)));

        Assert.StartsWith("feed test-list: expected the UK Sanctions List", exception.Message, StringComparison.Ordinal);
        Assert.Contains("got no such header (first row: source, entity_number, type, programs, name)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EuFinancialSanctions_HandWrittenXml_ReadsEntitiesWithAliasesProgrammesAndCountries()
    {
        var entities = Parse(EntityListFormat.EuFinancialSanctions, Bytes(EuXml));

        Assert.Equal(6, entities.Count);
        var person = Assert.Single(entities, e => e.Id == "190001");
        Assert.Equal("Oleg Viktorovich SAMARSKY", person.Name);
        Assert.Equal(["Олег Викторович САМАРСКИЙ", "Oleg SAMARSKII"], person.Aliases);
        Assert.Equal(EntityType.Person, person.Type);
        Assert.Equal(["RUSSIAN FEDERATION"], person.Countries);
        Assert.Equal(["Ulitsa Primernaya 7, Moscow, 119000, RUSSIAN FEDERATION"], person.Addresses);
        Assert.Equal(["UKR"], person.Programs);
        Assert.Equal(["born 1964-09-02", "designated 2022-02-28"], person.Dates.Select(d => d.ToString()));
        Assert.Equal("Member of the board of a state-owned defence conglomerate.", person.Remarks);
        Assert.Null(person.LicenseRequirement);
        Assert.Null(person.Citation);
        var company = Assert.Single(entities, e => e.Id == "190002");
        Assert.Equal(EntityType.Entity, company.Type);
        Assert.Equal(["UKR"], company.Programs);
        Assert.Equal(2, company.Addresses.Count);
        Assert.Equal(["АО «Волга Микроэлектроника»", "VMEL"], company.Aliases);
        var unknownCountry = Assert.Single(entities, e => e.Id == "190004");
        Assert.Empty(unknownCountry.Countries);
        Assert.Equal(["TAQA"], unknownCountry.Programs);
        Assert.Contains(unknownCountry.Dates, d => d is { Kind: "born", Text: "1979", Value: null, Flag: null });
        Assert.Equal(["81465-000, Isfahan, IRAN (ISLAMIC REPUBLIC OF)"], Assert.Single(entities, e => e.Id == "190006").Addresses);
    }

    [Fact]
    public void EuFinancialSanctions_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(EuXml);
        var document = XDocument.Parse(text);
        XNamespace ns = document.Root!.Name.Namespace;
        var entries = document.Root.Elements(ns + "sanctionEntity").ToList();
        var removed = entries.Single(e => (string?)e.Attribute("logicalId") == "190003");
        var added = new XElement(removed);
        added.SetAttributeValue("logicalId", "199999");
        added.Element(ns + "nameAlias")!.SetAttributeValue("wholeName", "Harbour Star Trading Limited");
        removed.AddAfterSelf(added);
        removed.Remove();
        entries.Single(e => (string?)e.Attribute("logicalId") == "190005").Elements(ns + "nameAlias").Last()
            .AddAfterSelf(new XElement(ns + "nameAlias", new XAttribute("wholeName", "Andrey KOSTYUSHEV"), new XAttribute("strong", "false")));

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.EuFinancialSanctions, text), Parse(EntityListFormat.EuFinancialSanctions, document.ToString()));

        AssertThreeChanges(changes, added: "199999", removed: "190003", amended: "190005", "alias added: Andrey KOSTYUSHEV");
    }

    [Fact]
    public void EuFinancialSanctions_OtherXml_FailsNamingTheRoot()
    {
        var exception = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.EuFinancialSanctions, Bytes(ConsolidatedXml)));

        Assert.Contains("expected the EU Financial Sanctions Files XML (root <export> of <sanctionEntity>), got XML with root <sdnList>", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EcfrEntityList_HandWrittenSupplement_ReadsEachCountrysEntriesWithTermsAndCitations()
    {
        var entities = Parse(EntityListFormat.EcfrEntityList, Bytes(EcfrEntityList));

        Assert.Equal(10, entities.Count);
        var cpunto = Assert.Single(entities, e => e.Name == "CPUNTO Inc.");
        Assert.Equal("CANADA:CPUNTO INC", cpunto.Id);
        Assert.Equal(["CPUNTO"], cpunto.Aliases);
        Assert.Equal(EntityType.Entity, cpunto.Type);
        Assert.Equal(["Canada"], cpunto.Countries);
        Assert.Equal(["5929 Route Transcanadienne Ste 130 St. Laurent, Quebec H4T 1Z6 Canada"], cpunto.Addresses);
        Assert.Equal(["Entity List"], cpunto.Programs);
        Assert.Equal("For all items subject to the EAR. (See §§ 734.9(g), 744.21(b), and 746.8(a)(3) of the EAR)", cpunto.LicenseRequirement);
        Assert.StartsWith("Policy of denial for all items subject to the EAR", cpunto.ReviewPolicy, StringComparison.Ordinal);
        Assert.Equal("88 FR 12170, 2/27/23", cpunto.Citation);
        Assert.Empty(cpunto.Dates);
        var network = Assert.Single(entities, e => e.Id == "CANADA:ELECTRONIC NETWORK INC");
        Assert.Equal(6, network.Aliases.Count);
        Assert.Contains("Electronic's Network & Technology Corp.", network.Aliases);
        var head = entities.Where(e => e.Name == "China HEAD Aerospace Technology Co.").ToList();
        Assert.Equal(["CHINA:CHINA HEAD AEROSPACE TECHNOLOGY CO", "FRANCE:CHINA HEAD AEROSPACE TECHNOLOGY CO"], head.Select(e => e.Id));
        Assert.Equal(7, head[0].Aliases.Count);
        Assert.Equal(2, head[0].Addresses.Count);
        Assert.Equal("Room 01, floor 13, building 5, no. A2 courtyard, west 3 ring r. Beijing, 10004-8, China", head[0].Addresses[1]);
        var noAliases = Assert.Single(entities, e => e.Id == "CHINA:EXAMPLE PRECISION PARTS CO., LTD");
        Assert.Equal("Example Precision Parts Co., Ltd.", noAliases.Name);
        Assert.Empty(noAliases.Aliases);
        Assert.Equal(["No. 12 Example Road, Pudong New District, Shanghai, China"], noAliases.Addresses);
        Assert.Equal("Presumption of denial.", noAliases.ReviewPolicy);
        Assert.Equal("73 FR 54506, 9/22/08. 76 FR 50407, 8/15/11", Assert.Single(entities, e => e.Countries.SequenceEqual(["Iran"])).Citation);
        Assert.Equal(2, entities.Count(e => e.Countries.SequenceEqual(["Russia"])));
    }

    [Fact]
    public void EcfrEntityList_EntityCellInOneRun_SplitsItsAliasesFromItsAddress()
    {
        var document = XDocument.Parse(Text(EcfrEntityList));
        var cell = document.Descendants("TR").Single(r => r.Value.Contains("CPUNTO Inc.", StringComparison.Ordinal)).Elements("TD").ElementAt(1);
        cell.ReplaceNodes("Maple Example Ltd., a.k.a., the following two aliases: —Maple; and —Maple Tech. 1 Example Road, Toronto, Ontario, Canada.");

        var maple = Assert.Single(Parse(EntityListFormat.EcfrEntityList, document.ToString()), e => e.Id == "CANADA:MAPLE EXAMPLE LTD");

        Assert.Equal("Maple Example Ltd.", maple.Name);
        Assert.Equal(["Maple", "Maple Tech"], maple.Aliases);
        Assert.Equal(["1 Example Road, Toronto, Ontario, Canada"], maple.Addresses);
    }

    [Fact]
    public void EcfrEntityList_TwoVersions_GiveExactlyTheAddedRemovedAndAliasAdded()
    {
        var text = Text(EcfrEntityList);
        var document = XDocument.Parse(text);
        var rows = document.Descendants("TR").ToList();
        var removed = rows.Single(r => r.Value.Contains("Promtekhkomplekt JSC", StringComparison.Ordinal));
        var added = new XElement(removed);
        added.Elements("TD").ElementAt(1).ReplaceNodes("Example Volga Components LLC, 1 Example Street, Samara, Russia.");
        removed.AddAfterSelf(added);
        removed.Remove();
        rows.Single(r => r.Value.Contains("AOOK Technology Ltd.", StringComparison.Ordinal)).Elements("TD").ElementAt(1).Elements("BR").First()
            .AddAfterSelf("—AOOK Tech;", new XElement("BR"));

        var changes = EntityDiffer.Diff(Parse(EntityListFormat.EcfrEntityList, text), Parse(EntityListFormat.EcfrEntityList, document.ToString()));

        AssertThreeChanges(changes, added: "RUSSIA:EXAMPLE VOLGA COMPONENTS LLC", removed: "RUSSIA:PROMTEKHKOMPLEKT JSC", amended: "CHINA:AOOK TECHNOLOGY LTD", "alias added: AOOK Tech");
    }

    [Fact]
    public void EcfrEntityList_OtherXml_FailsSayingWhatCame()
    {
        var rule = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.EcfrEntityList, Bytes(EntityListRule)));
        var otherPart = Assert.Throws<FeedParseException>(() => Parse(EntityListFormat.EcfrEntityList, "<DIV5 N=\"740\" TYPE=\"PART\"><HEAD>PART 740—LICENSE EXCEPTIONS</HEAD></DIV5>"));

        Assert.Contains("expected the eCFR XML of Supplement No. 4 to part 744 (the Entity List table), got XML with root <RULE>", rule.Message, StringComparison.Ordinal);
        Assert.Contains("got eCFR XML without it (root <DIV5 N=\"740\">)", otherPart.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EntityListFormat.OfsiConList, true)]
    [InlineData(EntityListFormat.EuFinancialSanctions, true)]
    [InlineData(EntityListFormat.EcfrEntityList, true)]
    [InlineData(EntityListFormat.UkSanctionsList, true)]
    [InlineData(EntityListFormat.SdnCsv, true)]
    [InlineData(EntityListFormat.FederalRegisterEntityList, false)]
    public void IsWholeList_EachFormat_SaysWhetherADownloadIsTheWholeList(EntityListFormat format, bool wholeList)
    {
        Assert.Equal(wholeList, global::PolicyWatchBot.Feeds.Lists.EntityListParser.IsWholeList(format));
    }

    [Theory]
    [InlineData(EntityListFormat.SdnCsv)]
    [InlineData(EntityListFormat.SdnXml)]
    [InlineData(EntityListFormat.SdnAdvanced)]
    [InlineData(EntityListFormat.CslCsv)]
    [InlineData(EntityListFormat.DeniedPersons)]
    [InlineData(EntityListFormat.FederalRegisterEntityList)]
    [InlineData(EntityListFormat.OfsiConList)]
    [InlineData(EntityListFormat.EuFinancialSanctions)]
    [InlineData(EntityListFormat.EcfrEntityList)]
    [InlineData(EntityListFormat.UkSanctionsList)]
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
    [InlineData(EntityListFormat.OfsiConList)]
    [InlineData(EntityListFormat.EuFinancialSanctions)]
    [InlineData(EntityListFormat.EcfrEntityList)]
    [InlineData(EntityListFormat.UkSanctionsList)]
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
