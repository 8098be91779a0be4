namespace PolicyWatchBot.Core.Feeds;

/// <summary>The names feed files give list formats (<c>"format": "sdn-csv"</c>).</summary>
public static class EntityListFormatNames
{
    private static readonly Dictionary<string, EntityListFormat> Formats = new(StringComparer.Ordinal)
    {
        ["sdn-csv"] = EntityListFormat.SdnCsv,
        ["sdn-xml"] = EntityListFormat.SdnXml,
        ["sdn-advanced"] = EntityListFormat.SdnAdvanced,
        ["csl-csv"] = EntityListFormat.CslCsv,
        ["dpl-tsv"] = EntityListFormat.DeniedPersons,
        ["fr-entity-list"] = EntityListFormat.FederalRegisterEntityList,
        ["ofsi-csv"] = EntityListFormat.OfsiConList,
        ["eu-xml"] = EntityListFormat.EuFinancialSanctions,
        ["ecfr-entity-list"] = EntityListFormat.EcfrEntityList,
        ["uk-sanctions-list"] = EntityListFormat.UkSanctionsList,
    };

    public static IEnumerable<string> Names => Formats.Keys;

    public static bool TryParse(string name, out EntityListFormat format) => Formats.TryGetValue(name, out format);

    public static string NameOf(EntityListFormat format) => Formats.First(f => f.Value == format).Key;
}
