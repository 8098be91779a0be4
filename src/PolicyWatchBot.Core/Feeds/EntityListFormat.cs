namespace PolicyWatchBot.Core.Feeds;

/// <summary>The file format of a screening list an <c>entity-list</c> feed downloads.</summary>
public enum EntityListFormat
{
    /// <summary>OFAC's legacy <c>sdn.csv</c> (<c>sdn-csv</c>).</summary>
    SdnCsv,

    /// <summary>The Sanctions List Service's classic XML, <c>sdn.xml</c> or <c>consolidated.xml</c> (<c>sdn-xml</c>).</summary>
    SdnXml,

    /// <summary>OFAC's <c>sdn_advanced.xml</c> (<c>sdn-advanced</c>).</summary>
    SdnAdvanced,

    /// <summary>trade.gov's Consolidated Screening List CSV, current or older format (<c>csl-csv</c>).</summary>
    CslCsv,

    /// <summary>BIS's Denied Persons List, tab-separated (<c>dpl-tsv</c>).</summary>
    DeniedPersons,

    /// <summary>The Entity List table of a Federal Register rule's full-text XML (<c>fr-entity-list</c>).</summary>
    FederalRegisterEntityList,

    /// <summary>OFSI's Consolidated List of Financial Sanctions Targets, <c>ConList.csv</c> or <c>ConList.xml</c> (<c>ofsi-csv</c>); retired on 28 January 2026, old files still parse.</summary>
    OfsiConList,

    /// <summary>The EU's consolidated financial sanctions list, the Financial Sanctions Files XML (<c>eu-xml</c>).</summary>
    EuFinancialSanctions,

    /// <summary>The Entity List in the eCFR: Supplement No. 4 to part 744, the versioner's full XML (<c>ecfr-entity-list</c>).</summary>
    EcfrEntityList,

    /// <summary>The FCDO's UK Sanctions List, <c>UK-Sanctions-List.csv</c>, the single UK list since ConList was retired (<c>uk-sanctions-list</c>).</summary>
    UkSanctionsList,
}
