using System.Text;
using PolicyWatchBot.Chat.Slack;

namespace PolicyWatchBot.Tests.Slack;

public sealed class SlackSignatureTests
{
    // Slack's documented example (protocol notes §2.1).
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private static readonly DateTimeOffset DocNow = DateTimeOffset.FromUnixTimeSeconds(1531420618 + 60);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    [Fact]
    public void Verify_SlacksDocumentedExample_Valid() =>
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody), DocNow, Skew));

    [Fact]
    public void Sign_SlacksDocumentedExample_SameSignature() =>
        Assert.Equal(DocSignature, SlackSignature.Sign(DocSecret, DocTimestamp, Encoding.UTF8.GetBytes(DocBody)));

    [Fact]
    public void Verify_OneByteOfBodyChanged_Mismatch()
    {
        var body = Encoding.UTF8.GetBytes(DocBody);
        body[^1] ^= 1;
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, body, DocNow, Skew));
    }

    [Fact]
    public void Verify_WrongSecret_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify("not-the-secret", DocTimestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody), DocNow, Skew));

    [Fact]
    public void Verify_AllZeroSignature_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(DocSecret, DocTimestamp, "v0=" + new string('0', 64), Encoding.UTF8.GetBytes(DocBody), DocNow, Skew));

    [Fact]
    public void Verify_TimestampChangedButBodyNot_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(DocSecret, "1531420619", DocSignature, Encoding.UTF8.GetBytes(DocBody), DocNow, Skew));

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Verify_TimestampMoreThanFiveMinutesAway_Stale(int secondsAfter)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1531420618 + secondsAfter);
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody), now, Skew));
    }

    [Fact]
    public void Verify_ExactlyFiveMinutesOld_Valid()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1531420618 + 300);
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody), now, Skew));
    }

    [Theory]
    [InlineData(null, DocSignature)]
    [InlineData(DocTimestamp, null)]
    [InlineData("", "")]
    public void Verify_HeaderMissing_MissingHeaders(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.MissingHeaders, SlackSignature.Verify(DocSecret, timestamp, signature, Encoding.UTF8.GetBytes(DocBody), DocNow, Skew));

    [Theory]
    [InlineData("-1531420618")]
    [InlineData("1531420618.5")]
    [InlineData("99999999999999999999")]
    public void Verify_MalformedTimestamp_Stale(string timestamp) =>
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(DocSecret, timestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody), DocNow, Skew));

    [Fact]
    public void Verify_RequestSignedInTheTestWithAKnownSecret_Valid()
    {
        var body = Encoding.UTF8.GetBytes("payload=%7B%22type%22%3A%22block_actions%22%7D");
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SlackSignature.Sign("test-secret", timestamp, body);

        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify("test-secret", timestamp, signature, body, now, Skew));
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify("test-secret", timestamp, signature.ToUpperInvariant().Replace("V0=", "v0=", StringComparison.Ordinal), body, now, Skew));
    }
}
