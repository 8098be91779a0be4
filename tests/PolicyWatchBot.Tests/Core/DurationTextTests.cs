using PolicyWatchBot.Core;

namespace PolicyWatchBot.Tests.Core;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("8h", 8, 0, 0)]
    [InlineData("7d", 168, 0, 0)]
    [InlineData("45s", 0, 0, 45)]
    [InlineData("8H", 8, 0, 0)]
    [InlineData(" 15m ", 0, 15, 0)]
    public void TryParse_ValidText_ReturnsDuration(string text, int hours, int minutes, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(new TimeSpan(hours, minutes, seconds), duration);
    }

    [Theory]
    [InlineData("7x")]
    [InlineData("-1d")]
    [InlineData("+1d")]
    [InlineData("0h")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("d")]
    [InlineData("1.5h")]
    [InlineData("h1")]
    [InlineData("1 h")]
    [InlineData("99999999d")]
    [InlineData("2147483647h")]
    public void TryParse_InvalidText_ReturnsFalse(string? text)
    {
        Assert.False(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("30m")]
    [InlineData("8h")]
    [InlineData("7d")]
    [InlineData("45s")]
    [InlineData("24h")]
    [InlineData("36h")]
    [InlineData("2d")]
    public void Format_ParsedDuration_RoundTrips(string text)
    {
        Assert.True(DurationText.TryParse(text, out var duration));

        Assert.Equal(text, DurationText.Format(duration));
    }
}
