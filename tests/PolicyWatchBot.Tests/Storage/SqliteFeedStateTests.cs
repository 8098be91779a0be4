using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteFeedStateTests : SqliteStoreTest
{

    private static FeedState FullState(string feed = "fr-bis") => new()
    {
        Feed = new FeedId(feed),
        Url = "https://www.federalregister.gov/api/v1/documents.json?conditions[agencies][]=industry-and-security-bureau",
        ETag = "\"abc123\"",
        LastModified = "Wed, 10 Jan 2024 14:00:00 GMT",
        BodyHash = "sha256:00ff",
        LastPolledAt = new DateTimeOffset(2024, 1, 10, 9, 0, 0, TimeSpan.FromHours(-5)),
        LastSuccessAt = new DateTimeOffset(2024, 1, 10, 8, 0, 0, 123, TimeSpan.FromHours(-5)),
        LastErrorAt = new DateTimeOffset(2024, 1, 10, 16, 30, 0, TimeSpan.FromHours(2)),
        LastError = "HTTP 503 Service Unavailable",
        ConsecutiveFailures = 3,
        LastItemCount = 100,
        Warning = "the feed returned no items",
        RetryAfter = new DateTimeOffset(2024, 1, 10, 15, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task GetFeedStateAsync_Saved_ReturnsEveryField()
    {
        var saved = FullState();
        await Store.SaveFeedStateAsync(saved, Ct);

        var read = await Store.GetFeedStateAsync(saved.Feed, Ct);

        Assert.Equal(saved, read);
    }

    [Fact]
    public async Task GetFeedStateAsync_SavedWithOffsets_ReturnsInstantsInUtc()
    {
        var saved = FullState();
        await Store.SaveFeedStateAsync(saved, Ct);

        var read = await Store.GetFeedStateAsync(saved.Feed, Ct);

        DateTimeOffset?[] instants = [read.LastPolledAt, read.LastSuccessAt, read.LastErrorAt, read.RetryAfter];
        Assert.All(instants, i => Assert.Equal(TimeSpan.Zero, i!.Value.Offset));
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 14, 0, 0, TimeSpan.Zero), read.LastPolledAt);
    }

    [Fact]
    public async Task GetFeedStateAsync_NeverSaved_ReturnsEmpty()
    {
        var read = await Store.GetFeedStateAsync(new FeedId("fr-none"), Ct);

        Assert.Equal(FeedState.Empty(new FeedId("fr-none")), read);
    }

    [Fact]
    public async Task SaveFeedStateAsync_SecondSave_ReplacesEveryField()
    {
        await Store.SaveFeedStateAsync(FullState(), Ct);
        var recovered = new FeedState { Feed = new FeedId("fr-bis"), ETag = "\"def\"", LastSuccessAt = StoreTestData.Start };

        await Store.SaveFeedStateAsync(recovered, Ct);

        Assert.Equal(recovered, await Store.GetFeedStateAsync(recovered.Feed, Ct));
    }

    [Fact]
    public async Task GetFeedStatesAsync_SeveralFeeds_ReturnsEachOrderedById()
    {
        await Store.SaveFeedStateAsync(FullState("uk-ecju"), Ct);
        await Store.SaveFeedStateAsync(FullState("fr-bis"), Ct);

        var states = await Store.GetFeedStatesAsync(Ct);

        Assert.Equal(new[] { "fr-bis", "uk-ecju" }, states.Select(s => s.Feed.Value));
    }
}
