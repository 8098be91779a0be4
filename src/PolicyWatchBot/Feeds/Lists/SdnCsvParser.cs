using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// OFAC's legacy <c>sdn.csv</c>: no header; columns ent_num, name, type, programs, title, call sign,
/// vessel type, tonnage, GRT, vessel flag, vessel owner, remarks; <c>-0-</c> is null; CRLF line ends
/// and a trailing 0x1A byte. Programs are written <c>SDGT] [IFSR</c>; the remarks' <c>a.k.a. 'X'</c> are aliases
/// (and left out of the remarks kept, so a new alias is one change).
/// </summary>
internal static partial class SdnCsvParser
{
    private const string Expected = "OFAC's SDN CSV (ent_num, name, type, programs, ...)";

    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, string list, FeedBody body)
    {
        var text = ListBody.Text(body);
        ListBody.ExpectRows(feed, text, Expected);
        var entities = new List<ListedEntity>();
        foreach (var row in DelimitedRows.Read(text, ','))
        {
            if (row.Length < 4 || !int.TryParse(row[0], out _) || Value(row[1]) is not { } name)
            {
                if (entities.Count == 0)
                {
                    throw new FeedParseException(feed, $"expected {Expected}, got a first row of {row.Length} fields starting '{Clip(row[0])}'");
                }

                continue;
            }

            var remarks = row.Length > 11 ? Value(row[11]) : null;
            entities.Add(new ListedEntity
            {
                List = list,
                Id = row[0],
                Name = name,
                Type = Value(row[2])?.ToLowerInvariant() switch
                {
                    "individual" => EntityType.Person,
                    "vessel" => EntityType.Vessel,
                    "aircraft" => EntityType.Aircraft,
                    _ => EntityType.Entity,
                },
                Programs = Value(row[3]) is { } programs ? [.. programs.Trim('[', ']').Split("] [", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [],
                Aliases = remarks is null ? [] : [.. AlsoKnownAs().Matches(remarks).Select(m => m.Groups[1].Value.Trim()).Distinct()],
                Remarks = remarks is null ? null : AlsoKnownAs().Replace(remarks, "").Trim(' ', ';', '.') is { Length: > 0 } rest ? rest : null,
            });
        }

        return entities;
    }

    private static string? Value(string field) => field is "" or "-0-" ? null : field;

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "..." : text;

    [GeneratedRegex(@"[afn]\.k\.a\.,? '([^']+)';?", RegexOptions.IgnoreCase)]
    private static partial Regex AlsoKnownAs();
}
