using System.Globalization;

namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// Whether a watchlist entry's country is one of a party's. Countries are compared as ISO 3166
/// two-letter codes: a list's "China", "CHN" and "CN" are one country, as are the names lists use
/// for some ("Burma", "Korea, North").
/// </summary>
internal static class CountryCheck
{
    private static readonly Lazy<Dictionary<string, string>> Codes = new(Build);

    public static CountryAgreement Compare(string? entryCountry, IReadOnlyList<string> partyCountries)
    {
        if (string.IsNullOrWhiteSpace(entryCountry) || partyCountries.Count == 0)
        {
            return CountryAgreement.Unknown;
        }

        var wanted = Code(entryCountry);
        var known = false;
        foreach (var country in partyCountries)
        {
            if (string.IsNullOrWhiteSpace(country))
            {
                continue;
            }

            known = true;
            if (string.Equals(Code(country), wanted, StringComparison.Ordinal))
            {
                return CountryAgreement.Same;
            }
        }

        return known ? CountryAgreement.Different : CountryAgreement.Unknown;
    }

    /// <summary>The two-letter code of a code or English name, else the folded name itself.</summary>
    public static string Code(string country)
    {
        var key = Key(country);
        return Codes.Value.TryGetValue(key, out var code) ? code : key;
    }

    private static string Key(string country) => string.Join(' ', NameTokenizer.Tokenize(country).Select(t => t.Text));

    private static Dictionary<string, string> Build()
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var code = region.TwoLetterISORegionName.ToUpperInvariant();
            if (code.Length != 2 || !char.IsLetter(code[0]))
            {
                continue;
            }

            codes.TryAdd(Key(code), code);
            codes.TryAdd(Key(region.ThreeLetterISORegionName), code);
            codes.TryAdd(Key(region.EnglishName), code);
        }

        foreach (var (name, code) in ListNames)
        {
            codes[Key(name)] = code;
        }

        return codes;
    }

    // Names the lists use that the region data spells otherwise.
    private static readonly (string Name, string Code)[] ListNames =
    [
        ("China", "CN"), ("People's Republic of China", "CN"), ("China, People's Republic of", "CN"), ("PRC", "CN"),
        ("Hong Kong", "HK"), ("Taiwan", "TW"), ("Macau", "MO"), ("Macao", "MO"),
        ("Russia", "RU"), ("Russian Federation", "RU"), ("Iran", "IR"), ("Syria", "SY"), ("Burma", "MM"), ("Myanmar", "MM"),
        ("North Korea", "KP"), ("Korea, North", "KP"), ("Democratic People's Republic of Korea", "KP"), ("DPRK", "KP"),
        ("South Korea", "KR"), ("Korea, South", "KR"), ("Republic of Korea", "KR"), ("Korea", "KR"),
        ("United States", "US"), ("USA", "US"), ("United Kingdom", "GB"), ("UK", "GB"), ("Great Britain", "GB"),
        ("United Arab Emirates", "AE"), ("UAE", "AE"), ("Turkey", "TR"), ("Turkiye", "TR"), ("Venezuela", "VE"),
        ("Cuba", "CU"), ("Belarus", "BY"), ("Vietnam", "VN"), ("Laos", "LA"), ("Moldova", "MD"), ("Czech Republic", "CZ"),
        ("Ivory Coast", "CI"), ("Cote d'Ivoire", "CI"), ("Congo, Democratic Republic of the", "CD"), ("Democratic Republic of the Congo", "CD"),
        ("Bolivia", "BO"), ("Tanzania", "TZ"),
    ];
}
