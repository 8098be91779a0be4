using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

public sealed class SqliteFeedStateTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(StoreTestData.Start);
    private readonly TempSqliteDatabase _db = new();
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = _db.CreateStore(_clock);
        await _store.MigrateAsync(_ct);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private static FeedState FullState(string feed = "fr-bis") => new()
    {
        Feed = new FeedId(feed),
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
        await _store.SaveFeedStateAsync(saved, _ct);

        var read = await _store.GetFeedStateAsync(saved.Feed, _ct);

        Assert.Equal(saved, read);
    }

    [Fact]
    public async Task GetFeedStateAsync_SavedWithOffsets_ReturnsInstantsInUtc()
    {
        var saved = FullState();
        await _store.SaveFeedStateAsync(saved, _ct);

        var read = await _store.GetFeedStateAsync(saved.Feed, _ct);

        DateTimeOffset?[] instants = [read.LastPolledAt, read.LastSuccessAt, read.LastErrorAt, read.RetryAfter];
        Assert.All(instants, i => Assert.Equal(TimeSpan.Zero, i!.Value.Offset));
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 14, 0, 0, TimeSpan.Zero), read.LastPolledAt);
    }

    [Fact]
    public async Task GetFeedStateAsync_NeverSaved_ReturnsEmpty()
    {
        var read = await _store.GetFeedStateAsync(new FeedId("fr-none"), _ct);

        Assert.Equal(FeedState.Empty(new FeedId("fr-none")), read);
    }

    [Fact]
    public async Task SaveFeedStateAsync_SecondSave_ReplacesEveryField()
    {
        await _store.SaveFeedStateAsync(FullState(), _ct);
        var recovered = new FeedState { Feed = new FeedId("fr-bis"), ETag = "\"def\"", LastSuccessAt = StoreTestData.Start };

        await _store.SaveFeedStateAsync(recovered, _ct);

        Assert.Equal(recovered, await _store.GetFeedStateAsync(recovered.Feed, _ct));
    }

    [Fact]
    public async Task GetFeedStatesAsync_SeveralFeeds_ReturnsEachOrderedById()
    {
        await _store.SaveFeedStateAsync(FullState("uk-ecju"), _ct);
        await _store.SaveFeedStateAsync(FullState("fr-bis"), _ct);

        var states = await _store.GetFeedStatesAsync(_ct);

        Assert.Equal(new[] { "fr-bis", "uk-ecju" }, states.Select(s => s.Feed.Value));
    }
}
