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
    [InlineData("90m", 1, 30, 0)]
    [InlineData("2w", 336, 0, 0)]
    [InlineData("1d12h", 36, 0, 0)]
    [InlineData("1D12H", 36, 0, 0)]
    [InlineData("1h30m", 1, 30, 0)]
    [InlineData("1w2d", 216, 0, 0)]
    [InlineData("1d0h", 24, 0, 0)]
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
    [InlineData("1h1d")]
    [InlineData("1h1h")]
    [InlineData("1d12")]
    [InlineData("12hh")]
    [InlineData("1d 12h")]
    [InlineData("0d0h")]
    [InlineData("2mo")]
    [InlineData("99999999999999999999w1d")]
    public void TryParse_InvalidText_ReturnsFalse(string? text)
    {
        Assert.False(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("1d12h", DurationReading.Duration)]
    [InlineData("0h", DurationReading.Duration)]
    [InlineData("99999999d", DurationReading.TooLong)]
    [InlineData("99999999999999999999h", DurationReading.TooLong)]
    [InlineData("1w99999999999999999999h", DurationReading.TooLong)]
    [InlineData("forever", DurationReading.NotADuration)]
    [InlineData("1h1d", DurationReading.NotADuration)]
    [InlineData("99999999999999999999h1d", DurationReading.NotADuration)]
    public void Read_Text_SaysWhetherItIsADurationTooLongOrNeither(string text, DurationReading expected)
    {
        Assert.Equal(expected, DurationText.Read(text, out _));
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
