using System.Text;
using PolicyWatchBot.Chat.Discord;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>Ed25519 over timestamp + body: RFC 8032 vectors, Discord's shape, keys made in the test, and every way a request can be wrong.</summary>
public sealed class DiscordSignatureVerifierTests : IDisposable
{
    private const string DiscordVectorKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string DiscordVectorSignature = "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f";
    private const string Body = """{"type":2,"data":{"name":"policywatch"}}""";
    private const string Timestamp = "1767268800";

    private readonly DiscordSigner _signer = new();

    public void Dispose() => _signer.Dispose();

    [Theory]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82", "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void VerifyMessage_Rfc8032Vector_ValidAndOneFlippedBitInvalid(string publicKey, string message, string signature)
    {
        var verifier = new DiscordSignatureVerifier(publicKey);
        var bytes = Convert.FromHexString(message);
        var flipped = Convert.FromHexString(signature);
        flipped[0] ^= 1;

        Assert.True(verifier.VerifyMessage(bytes, Convert.FromHexString(signature)));
        Assert.False(verifier.VerifyMessage(bytes, flipped));
    }

    [Fact]
    public void Verify_DiscordShapedVector_ValidForItsTimestampOnly()
    {
        var verifier = new DiscordSignatureVerifier(DiscordVectorKey);
        var body = """{"type":1}"""u8.ToArray();

        Assert.True(verifier.Verify("1700000000", DiscordVectorSignature, body));
        Assert.False(verifier.Verify("1700000001", DiscordVectorSignature, body));
    }

    [Fact]
    public void Verify_KeyMadeInTheTest_Valid()
    {
        var verifier = new DiscordSignatureVerifier(_signer.PublicKeyHex);

        Assert.True(verifier.Verify(Timestamp, _signer.Sign(Timestamp, Body), Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_Invalid()
    {
        using var other = new DiscordSigner();
        var verifier = new DiscordSignatureVerifier(_signer.PublicKeyHex);

        Assert.False(verifier.Verify(Timestamp, other.Sign(Timestamp, Body), Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_BodyAlteredByOneCharacter_Invalid()
    {
        var verifier = new DiscordSignatureVerifier(_signer.PublicKeyHex);

        Assert.False(verifier.Verify(Timestamp, _signer.Sign(Timestamp, Body), Encoding.UTF8.GetBytes(Body.Replace("2", "3", StringComparison.Ordinal))));
    }

    [Fact]
    public void Verify_TimestampAltered_Invalid()
    {
        var verifier = new DiscordSignatureVerifier(_signer.PublicKeyHex);

        Assert.False(verifier.Verify("1767268801", _signer.Sign(Timestamp, Body), Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("not hex at all, but exactly one hundred and twenty-eight characters long so that only the hex check can refuse it....")]
    [InlineData("abcd")]
    [InlineData("")]
    public void Verify_MalformedSignature_Invalid(string signature)
    {
        var verifier = new DiscordSignatureVerifier(_signer.PublicKeyHex);

        Assert.False(verifier.Verify(Timestamp, signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_MissingHeaders_Invalid()
    {
        var verifier = new DiscordSignatureVerifier(_signer.PublicKeyHex);
        var signature = _signer.Sign(Timestamp, Body);

        Assert.False(verifier.Verify(null, signature, Encoding.UTF8.GetBytes(Body)));
        Assert.False(verifier.Verify(Timestamp, null, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData("0102030405")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511")]
    [InlineData("x75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")]
    [InlineData(null)]
    public void TryImportKey_NotA32ByteHexKey_False(string? hex)
    {
        Assert.False(DiscordSignatureVerifier.TryImportKey(hex, out _));
    }
}
