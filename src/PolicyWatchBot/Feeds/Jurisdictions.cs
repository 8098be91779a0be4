namespace PolicyWatchBot.Feeds;

/// <summary>The jurisdictions a feed can belong to (the <c>jurisdiction:</c> rule field), in the order <c>feeds</c> lists them.</summary>
public static class Jurisdictions
{
    private static readonly KeyValuePair<string, string>[] All =
    [
        new("us", "United States"),
        new("uk", "United Kingdom"),
        new("eu", "European Union"),
        new("nl", "Netherlands"),
        new("de", "Germany"),
        new("fr", "France"),
        new("ch", "Switzerland"),
        new("jp", "Japan"),
        new("kr", "South Korea"),
        new("tw", "Taiwan"),
        new("cn", "China"),
        new("in", "India"),
        new("sg", "Singapore"),
        new("au", "Australia"),
        new("ca", "Canada"),
        new("int", "International bodies (Wassenaar, UN, OECD)"),
        new("intl", "International (research and sources of no one country)"),
    ];

    public static IReadOnlyList<string> Codes { get; } = All.Select(j => j.Key).ToList();

    public static bool IsKnown(string code) => All.Any(j => j.Key == code);

    public static string NameOf(string code) => All.FirstOrDefault(j => j.Key == code).Value ?? code;

    /// <summary>The position of a code in the listing order (unknown codes last).</summary>
    public static int Order(string code) => Array.FindIndex(All, j => j.Key == code) is >= 0 and var index ? index : All.Length;
}
