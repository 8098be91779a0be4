using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Core.Storage;

public sealed class FeedStateTests
{
    private static readonly Uri Bis = new("https://www.federalregister.gov/api/v1/documents.json?conditions[agencies][]=industry-and-security-bureau");
    private static readonly Uri Ofac = new("https://www.federalregister.gov/api/v1/documents.json?conditions[agencies][]=foreign-assets-control-office");

    private static FeedState Polled(string? url) => FeedState.Empty(new FeedId("fr-bis")) with
    {
        Url = url,
        ETag = "\"v1\"",
        LastModified = "Wed, 10 Jan 2024 14:00:00 GMT",
        BodyHash = "00FF",
        LastItemCount = 20,
        ConsecutiveFailures = 2,
        RetryAfter = new DateTimeOffset(2024, 1, 10, 15, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void IsForOtherUrl_SameUrl_False() => Assert.False(Polled(Bis.AbsoluteUri).IsForOtherUrl(Bis));

    [Fact]
    public void IsForOtherUrl_EditedUrl_True() => Assert.True(Polled(Bis.AbsoluteUri).IsForOtherUrl(Ofac));

    [Fact]
    public void IsForOtherUrl_ValidatorsFromBeforeUrlsWereKept_True() => Assert.True(Polled(null).IsForOtherUrl(Bis));

    [Fact]
    public void IsForOtherUrl_NeverPolled_False() => Assert.False(FeedState.Empty(new FeedId("fr-bis")).IsForOtherUrl(Bis));

    [Fact]
    public void ForUrl_Edited_DropsValidatorsHashCountAndBackoffButKeepsTheFailureCount()
    {
        var moved = Polled(Bis.AbsoluteUri).ForUrl(Ofac);

        Assert.Equal(Ofac.AbsoluteUri, moved.Url);
        Assert.Equal((null, null, null, null, null), (moved.ETag, moved.LastModified, moved.BodyHash, moved.LastItemCount, moved.RetryAfter));
        Assert.Equal(2, moved.ConsecutiveFailures);
    }
}
