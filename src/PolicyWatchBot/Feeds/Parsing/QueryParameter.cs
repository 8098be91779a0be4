using System.Globalization;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>Reads and sets one integer query parameter of a URL (offset paging), leaving the others as written.</summary>
internal static class QueryParameter
{
    public static int? Read(Uri url, string name)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (key == name && equals >= 0 && int.TryParse(Uri.UnescapeDataString(pair[(equals + 1)..]), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    public static bool Has(Uri url, string name) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Any(pair => Uri.UnescapeDataString(pair.Split('=')[0]) == name);

    public static Uri Replace(Uri url, string name, int value)
    {
        var pairs = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => Uri.UnescapeDataString(pair.Split('=')[0]) != name)
            .Append($"{Uri.EscapeDataString(name)}={value.ToString(CultureInfo.InvariantCulture)}");
        return new UriBuilder(url) { Query = string.Join('&', pairs) }.Uri;
    }
}
