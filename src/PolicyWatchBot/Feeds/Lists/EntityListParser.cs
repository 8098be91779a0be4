using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// Reads a downloaded screening list with the parser of its format, into the list's version after
/// this download: the whole list for list files, or, for a Federal Register rule, the stored list
/// with the rule's additions, revisions and removals applied. A body that is not the list is a
/// <see cref="FeedParseException"/>.
/// </summary>
internal static class EntityListParser
{
    public static IReadOnlyList<ListedEntity> Parse(FeedId feed, EntityListSource source, FeedBody body, IReadOnlyList<ListedEntity> previous)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(previous);
        return source.Format switch
        {
            EntityListFormat.SdnCsv => SdnCsvParser.Parse(feed, source.List, body),
            EntityListFormat.SdnXml => SdnXmlParser.Parse(feed, source.List, body),
            EntityListFormat.SdnAdvanced => SdnAdvancedParser.Parse(feed, source.List, body),
            EntityListFormat.CslCsv => CslCsvParser.Parse(feed, source.List, body),
            EntityListFormat.DeniedPersons => DeniedPersonsParser.Parse(feed, source.List, body),
            EntityListFormat.FederalRegisterEntityList => EntityListRuleParser.Parse(feed, source.List, body).ApplyTo(previous),
            EntityListFormat.OfsiConList => OfsiConListParser.Parse(feed, source.List, body),
            EntityListFormat.EuFinancialSanctions => EuFsfXmlParser.Parse(feed, source.List, body),
            EntityListFormat.EcfrEntityList => EcfrEntityListParser.Parse(feed, source.List, body),
            EntityListFormat.UkSanctionsList => UkSanctionsListParser.Parse(feed, source.List, body),
            _ => throw new FeedParseException(feed, $"list format '{source.Format}' has no parser"),
        };
    }

    /// <summary>Whether each download is the whole list (so a much smaller one is suspect), not a rule changing part of it.</summary>
    public static bool IsWholeList(EntityListFormat format) => format switch
    {
        EntityListFormat.FederalRegisterEntityList => false,
        EntityListFormat.SdnCsv or EntityListFormat.SdnXml or EntityListFormat.SdnAdvanced or EntityListFormat.CslCsv or EntityListFormat.DeniedPersons
            or EntityListFormat.OfsiConList or EntityListFormat.EuFinancialSanctions or EntityListFormat.EcfrEntityList or EntityListFormat.UkSanctionsList => true,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "list format without a parser"),
    };
}
