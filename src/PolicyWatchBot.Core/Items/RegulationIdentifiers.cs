using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Items;

/// <summary>
/// Regulation Identifier Numbers among an item's dockets: a four-digit agency code, a hyphen, two
/// letters and two letters or digits (<c>0694-AJ13</c>). Dockets hold docket ids and RINs together
/// (so <c>docket:</c> matches both); these split them for <c>rin:</c> and for display.
/// </summary>
public static partial class RegulationIdentifiers
{
    public static bool IsRin(string value) => Rin().IsMatch(value);

    public static IReadOnlyList<string> Rins(IReadOnlyList<string> dockets) => dockets.Where(IsRin).ToList();

    public static IReadOnlyList<string> DocketIds(IReadOnlyList<string> dockets) => dockets.Where(d => !IsRin(d)).ToList();

    [GeneratedRegex("^[0-9]{4}-[A-Z]{2}[A-Z0-9]{2}$")]
    private static partial Regex Rin();
}
