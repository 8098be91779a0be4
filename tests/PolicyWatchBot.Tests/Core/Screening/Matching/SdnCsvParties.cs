using System.Text;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Screening.Matching;

namespace PolicyWatchBot.Tests.Core.Screening.Matching;

/// <summary>
/// The parties of the real OFAC SDN CSV in the fixtures, read only as far as matching needs: the uid,
/// the name and the aliases its remarks give ("a.k.a. 'BNC'"). The list's own parser reads the rest.
/// </summary>
internal static partial class SdnCsvParties
{
    public static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "feeds", "ofac", "sdn-csv-2021-07-full.csv");

    public static List<ScreenedParty> Load()
    {
        var parties = new List<ScreenedParty>();
        foreach (var line in File.ReadAllText(FixturePath).Split("\r\n"))
        {
            var fields = Fields(line);
            if (fields.Count < 12)
            {
                continue;
            }

            var aliases = Aka().Matches(fields[11]).Select(m => m.Groups[1].Value).ToArray();
            parties.Add(new ScreenedParty($"list:sdn:{fields[0]}", fields[1], aliases, []));
        }

        return parties;
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }

    [GeneratedRegex(@"a\.k\.a\. '([^']+)'")]
    private static partial Regex Aka();
}
