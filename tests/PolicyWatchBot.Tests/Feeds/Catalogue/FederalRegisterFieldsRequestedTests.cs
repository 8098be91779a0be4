using System.Reflection;
using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Catalogue;

/// <summary>
/// The Federal Register search answers a short default field set unless <c>fields[]</c> names each
/// field; comment and effective dates, corrections and citations are not in it. Every shipped
/// search therefore asks for every field the parser reads.
/// </summary>
public sealed class FederalRegisterFieldsRequestedTests
{
    private static readonly string[] FieldsTheParserReads =
    [
        .. typeof(FederalRegisterWire.Document).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name)),
    ];

    public static TheoryData<string> ShippedSearches => new(SearchIds());

    private static List<string> SearchIds() =>
    [
        .. FeedCatalogLoader.Load(Path.Combine(Fixtures.RepoRoot, "feeds")).Feeds
            .Where(feed => feed.Kind == FeedKind.FederalRegister && feed.Url.AbsolutePath.StartsWith("/api/v1/documents", StringComparison.Ordinal))
            .Select(feed => feed.Id.Value),
    ];

    [Theory]
    [MemberData(nameof(ShippedSearches))]
    public void ShippedSearch_RequestsEveryFieldTheParserReads(string feedId)
    {
        var feed = FeedCatalogLoader.Load(Path.Combine(Fixtures.RepoRoot, "feeds")).Find(feedId)!;
        var requested = Uri.UnescapeDataString(feed.Url.Query).TrimStart('?').Split('&')
            .Where(pair => pair.StartsWith("fields[]=", StringComparison.Ordinal))
            .Select(pair => pair["fields[]=".Length..])
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(FieldsTheParserReads, field => Assert.Contains(field, requested));
        Assert.Contains("comments_close_on", requested);
    }

    [Fact]
    public void Catalogue_HasFederalRegisterSearches()
    {
        var searches = SearchIds();
        Assert.True(searches.Count >= 6, $"expected the six shipped Federal Register searches, found {searches.Count}");
    }
}
