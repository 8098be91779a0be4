using PolicyWatchBot.Core.Screening.Matching;
using PolicyWatchBot.Core.Feeds;
using static PolicyWatchBot.Tests.Feeds.Lists.ListFixtures;

namespace PolicyWatchBot.Tests.Core.Screening.Matching;

/// <summary>The parties of the real OFAC SDN CSV in the fixtures, read by the list's own parser.</summary>
internal static class SdnCsvParties
{
    public static List<ScreenedParty> Load() =>
        Parse(EntityListFormat.SdnCsv, Bytes(SdnCsv), list: "sdn")
            .Select(e => new ScreenedParty($"list:{e.List}:{e.Id}", e.Name, e.Aliases, e.Countries))
            .ToList();
}
