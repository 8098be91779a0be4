using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Tests.Core.Alerts;

public sealed class AlertIdTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const long FiveCharStart = 1L << 20;

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(12345L)]
    [InlineData(FiveCharStart - 1)]
    public void FromSequence_BelowAMillion_IsPwAndFourCrockfordChars(long sequence)
    {
        var id = AlertId.FromSequence(sequence);

        Assert.StartsWith("PW-", id, StringComparison.Ordinal);
        Assert.Equal(4, id.Length - 3);
        Assert.All(id[3..], c => Assert.Contains(c, Crockford));
    }

    [Fact]
    public void FromSequence_First200000_AreUnique()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (long sequence = 0; sequence < 200_000; sequence++)
        {
            Assert.True(ids.Add(AlertId.FromSequence(sequence)), $"sequence {sequence} repeats an id");
        }
    }

    [Fact]
    public void FromSequence_ConsecutiveSequences_DoNotLookAlike()
    {
        var first = AlertId.FromSequence(100);
        var second = AlertId.FromSequence(101);

        Assert.NotEqual(first[..^1], second[..^1]);
    }

    [Fact]
    public void FromSequence_AcrossFourToFiveCharBoundary_AreUnique()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var sequence = FiveCharStart - 100_000; sequence < FiveCharStart + 100_000; sequence++)
        {
            Assert.True(ids.Add(AlertId.FromSequence(sequence)), $"sequence {sequence} repeats an id");
        }
    }

    [Fact]
    public void FromSequence_FirstPastAMillion_HasFiveChars()
    {
        var id = AlertId.FromSequence(FiveCharStart);

        Assert.Equal(5, id.Length - 3);
        Assert.All(id[3..], c => Assert.Contains(c, Crockford));
    }

    [Fact]
    public void FromSequence_LargestSequences_StillDistinctIds()
    {
        var largest = AlertId.FromSequence(long.MaxValue);
        var nextLargest = AlertId.FromSequence(long.MaxValue - 1);

        Assert.StartsWith("PW-", largest, StringComparison.Ordinal);
        Assert.NotEqual(largest, nextLargest);
        Assert.Equal(largest, AlertId.Normalize(largest.ToLowerInvariant()));
    }

    [Fact]
    public void ForDigest_SameSequenceAsAnAlert_DifferentPrefixAndRecognised()
    {
        var digest = AlertId.ForDigest(7);

        Assert.Equal("PWG-" + AlertId.FromSequence(7)["PW-".Length..], digest);
        Assert.True(AlertId.IsDigestId(AlertId.Normalize(digest.ToLowerInvariant())!));
        Assert.False(AlertId.IsDigestId(AlertId.FromSequence(7)));
    }

    [Fact]
    public void FromSequence_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertId.FromSequence(-1));
    }

    [Theory]
    [InlineData("pw-3f9k", "PW-3F9K")]
    [InlineData("  Pw-3F9k ", "PW-3F9K")]
    [InlineData("PW-3F9K", "PW-3F9K")]
    [InlineData("pw-3f9kz", "PW-3F9KZ")]
    public void Normalize_TypedId_ReturnsUpperCaseId(string typed, string expected)
    {
        Assert.Equal(expected, AlertId.Normalize(typed));
    }

    [Fact]
    public void Normalize_GeneratedIdInLowerCase_ReturnsGeneratedId()
    {
        var id = AlertId.FromSequence(4242);

        Assert.Equal(id, AlertId.Normalize(id.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("PW-")]
    [InlineData("PW-3F9")]
    [InlineData("XX-3F9K")]
    [InlineData("PW3F9K")]
    [InlineData("PW-3F9I")]
    [InlineData("PW-3F9U")]
    [InlineData("PW-3F 9K")]
    [InlineData("PW-3F9K!")]
    public void Normalize_Junk_ReturnsNull(string typed)
    {
        Assert.Null(AlertId.Normalize(typed));
    }
}
