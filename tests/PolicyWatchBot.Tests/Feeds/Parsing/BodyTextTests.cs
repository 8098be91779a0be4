using System.Text;
using CsCheck;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>
/// The allocation-lean ways of decoding a body give exactly the text of the plain ones: UTF-32 as .NET
/// decodes it, a head as the start of the whole text, a shape from bytes as the shape of the whole text.
/// </summary>
public sealed class BodyTextTests
{
    static BodyTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Encoding Utf32Little = Encoding.GetEncoding(12000, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
    private static readonly Encoding Utf32Big = Encoding.GetEncoding(12001, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);

    /// <summary>Four-byte units that are scalars, surrogates, too large or NUL, then maybe a cut unit.</summary>
    private static readonly Gen<byte[]> Utf32Bytes =
        Gen.Select(
            Gen.Frequency((4, Gen.UInt[0, 0x7F]), (2, Gen.UInt[0, 0x10FFFF]), (1, Gen.UInt[0xD800, 0xDFFF]), (1, Gen.UInt)).Array[0, 40],
            Gen.Byte.Array[0, 3],
            (units, tail) => units.SelectMany(u => BitConverter.GetBytes(u)).Concat(tail).ToArray());

    [Theory]
    [InlineData(new byte[] { 0x41 })]
    [InlineData(new byte[] { 0x41, 0, 0, 0, 0x42, 0, 0 })]
    [InlineData(new byte[] { 0x00, 0xD8, 0, 0, 0x00, 0xDC, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0x11, 0, 0xFF, 0xFF, 0x10, 0 })]
    [InlineData(new byte[] { 0x00, 0xF6, 0x01, 0, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Utf32Decode_EdgeUnits_MatchesDotNetsDecoder(byte[] bytes)
    {
        Assert.Equal(Utf32Little.GetString(bytes), Utf32Text.Decode(bytes, bigEndian: false, "?"));
        Assert.Equal(Utf32Big.GetString(bytes), Utf32Text.Decode(bytes, bigEndian: true, "?"));
    }

    [Fact]
    public void Utf32Decode_RandomUnits_MatchesDotNetsDecoderInBothByteOrders()
    {
        Utf32Bytes.Sample(bytes =>
            Utf32Little.GetString(bytes) == Utf32Text.Decode(bytes, bigEndian: false, "?")
            && Utf32Big.GetString(bytes) == Utf32Text.Decode(bytes, bigEndian: true, "?"));
    }

    [Fact]
    public void Decode_BinaryBodySniffedAsUtf32_AllocatesOnlyTheText()
    {
        byte[] body = [0x3C, 0, 0, 0, .. Enumerable.Range(0, 1_000_000).Select(i => (byte)((i * 7919) >> 3))];
        string expected = Utf32Little.GetString(body);
        _ = BodyText.Decode("<\0\0\0"u8, null);
        long before = GC.GetAllocatedBytesForCurrentThread();

        string text = BodyText.Decode(body, null);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expected, text);
        Assert.True(allocated < (2L * text.Length) + 4096, $"{allocated:N0} bytes allocated for {text.Length:N0} characters");
    }

    /// <summary>Bodies in the encodings Detect tells apart, with bytes that do not decode, and maybe a Content-Type charset.</summary>
    private static readonly Gen<(byte[] Body, string? ContentType)> Bodies =
        Gen.Select(
            Gen.OneOf<byte[]>([], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0, 0], [0x3C, 0, 0, 0], [0, 0, 0, 0x3C], [0x3C, 0, 0x3F, 0], "<?xml version=\"1.0\" encoding=\"shift_jis\"?>"u8.ToArray()),
            Gen.Frequency((3, Gen.Byte[0x20, 0x7E]), (1, Gen.OneOf<byte>(0x20, 0x0A, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF, 0x00)), (1, Gen.Byte)).Array[0, 300],
            Gen.OneOf<string?>(null, "text/html", "text/html; charset=iso-8859-1", "application/xml; charset=\"windows-1252\"", "text/plain; charset=shift_jis", "text/xml; charset=utf-16", "application/json; charset=utf-32"),
            (start, rest, contentType) => ((byte[])[.. start, .. rest], contentType));

    [Fact]
    public void DecodeHead_AnyBody_IsTheStartOfTheWholeText()
    {
        Gen.Select(Bodies, Gen.Int[0, 320]).Sample((input, length) =>
        {
            string whole = BodyText.Decode(input.Body, input.ContentType);
            return BodyText.DecodeHead(input.Body, input.ContentType, length) == whole[..Math.Min(length, whole.Length)];
        });
    }

    [Fact]
    public void ShapeOf_AnyBody_IsTheShapeOfTheWholeText()
    {
        Bodies.Sample(input => BodyShape.Of(input.Body, input.ContentType) == BodyShape.Inspect(BodyText.Decode(input.Body, input.ContentType)));
    }

    [Theory]
    [InlineData("{\"results\":[]}", "JSON")]
    [InlineData("plain words", "a body that is neither JSON, XML nor HTML")]
    public void ShapeOf_BodyAfter70000Spaces_IsTheShapeOfWhatFollowsThem(string after, string expected)
    {
        byte[] body = Encoding.UTF8.GetBytes(new string(' ', 70_000) + after);

        Assert.Equal(expected, BodyShape.Of(body, null).Describe());
        Assert.Equal(BodyShape.Inspect(BodyText.Decode(body, null)), BodyShape.Of(body, null));
    }
}
