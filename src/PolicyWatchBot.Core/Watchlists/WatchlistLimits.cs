using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Watchlists;

/// <summary>
/// What a watchlist entry may hold, checked the same way for typed commands, Discord options and CSV
/// imports: names of 1 to 200 characters on one line with at least one letter or digit, at most 20
/// aliases, a two-letter country code, at most 10,000 entries per channel.
/// </summary>
public static partial class WatchlistLimits
{
    public const int MaxNameLength = 200;
    public const int MaxAliases = 20;
    public const int MaxEntries = 10_000;

    /// <summary>The stored form of a name (trimmed, inner spaces collapsed, NFC), or an error saying what is wrong.</summary>
    public static (string? Name, string? Error) Name(string? typed, string what = "name")
    {
        var text = Collapse(WellFormedText.Of(typed ?? ""));
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = Collapse(text[1..^1]);
        }

        if (text.Length == 0)
        {
            return (null, $"the {what} is empty");
        }

        if (text.Length > MaxNameLength)
        {
            return (null, $"the {what} is {text.Length} characters long; the limit is {MaxNameLength}");
        }

        if (!text.Any(char.IsLetterOrDigit))
        {
            return (null, $"the {what} '{text}' has no letter or digit");
        }

        return (text.Normalize(NormalizationForm.FormC), null);
    }

    /// <summary>The upper-case code of a typed country (<c>cn</c> → <c>CN</c>), or an error.</summary>
    public static (string? Country, string? Error) Country(string? typed)
    {
        var text = (typed ?? "").Trim();
        return CountryCode().IsMatch(text)
            ? (text.ToUpperInvariant(), null)
            : (null, $"'{(text.Length > 20 ? text[..20] + "…" : text)}' is not a two-letter country code (ISO 3166, like CN or RU)");
    }

    /// <summary>An entry from its parts, each checked; aliases equal to the name or to each other are kept once.</summary>
    public static (WatchlistEntry? Entry, string? Error) Entry(string? name, IEnumerable<string> aliases, string? country)
    {
        var (stored, error) = Name(name);
        if (stored is null)
        {
            return (null, error);
        }

        var kept = new List<string>();
        foreach (var typed in aliases)
        {
            var (alias, aliasError) = Name(typed, "alias");
            if (alias is null)
            {
                return (null, aliasError);
            }

            if (!alias.Equals(stored, StringComparison.OrdinalIgnoreCase) && !kept.Contains(alias, StringComparer.OrdinalIgnoreCase))
            {
                kept.Add(alias);
            }
        }

        if (kept.Count > MaxAliases)
        {
            return (null, $"'{stored}' has {kept.Count} aliases; the limit is {MaxAliases}");
        }

        string? code = null;
        if (!string.IsNullOrWhiteSpace(country))
        {
            (code, var countryError) = Country(country);
            if (code is null)
            {
                return (null, countryError);
            }
        }

        return (new WatchlistEntry(stored, kept, code), null);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("^[A-Za-z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCode();
}
