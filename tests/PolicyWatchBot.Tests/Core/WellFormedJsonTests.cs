using System.Text;
using CsCheck;
using PolicyWatchBot.Core;

namespace PolicyWatchBot.Tests.Core;

public sealed class WellFormedJsonTests
{
    private static string Mended(string json) => Encoding.UTF8.GetString(WellFormedJson.Of(Encoding.UTF8.GetBytes(json)).Span);

    [Theory]
    [InlineData("{\"t\":\"a \\ud800 b\"}", "{\"t\":\"a \\uFFFD b\"}")]
    [InlineData("{\"t\":\"\\udc00\\ud800\"}", "{\"t\":\"\\uFFFD\\uFFFD\"}")]
    [InlineData("{\"t\":\"\\ud83d\\ude00\"}", "{\"t\":\"\\ud83d\\ude00\"}")]
    [InlineData("{\"t\":\"\\\\ud800\"}", "{\"t\":\"\\\\ud800\"}")]
    [InlineData("{\"t\":\"\\ud800\\u0041\"}", "{\"t\":\"\\uFFFD\\u0041\"}")]
    [InlineData("{\"t\":\"\\ud800\"", "{\"t\":\"\\uFFFD\"")]
    public void Of_SurrogateEscapes_OnlyLoneOnesAreReplaced(string json, string expected)
    {
        Assert.Equal(expected, Mended(json));
    }

    [Fact]
    public void Of_CleanBody_IsReturnedAsItIs()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"t\":\"caf\u00e9 \\ud83d\\ude00\"}");

        Assert.True(WellFormedJson.Of(json).Span == json.AsSpan());
    }

    /// <summary>Bytes heavy in UTF-8 lead and continuation bytes, so that most bodies have valid and invalid sequences.</summary>
    private static readonly Gen<byte[]> Utf8Noise =
        Gen.Frequency((3, Gen.Byte[0x20, 0x7E]), (2, Gen.Byte[0x80, 0xBF]), (2, Gen.Byte[0xC0, 0xFF]), (1, Gen.OneOf<byte>(0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xF0, 0x9F, 0x98))).Array[0, 60];

    [Fact]
    public void Of_BytesThatAreNotUtf8_ReadAsDotNetsDecoderReadsThem()
    {
        var strict = new UTF8Encoding(false, false);
        Utf8Noise.Sample(bytes =>
            WellFormedJson.Of(bytes).Span.SequenceEqual(strict.GetBytes(strict.GetString(bytes))));
    }

    [Fact]
    public void Of_LargeBodyWithBadBytesAndLoneSurrogates_AllocatesOneCopy()
    {
        var text = new StringBuilder("{\"results\":[");
        for (var i = 0; text.Length < 4_000_000; i++)
        {
            text.Append("{\"document_number\":\"2024-").Append(i).Append("\",\"title\":\"Entity list additions \\ud800 X\"},");
        }

        byte[] json = Encoding.UTF8.GetBytes(text.Append("{}]}").ToString());
        for (var at = Array.IndexOf(json, (byte)'X'); at >= 0; at = Array.IndexOf(json, (byte)'X', at + 1))
        {
            json[at] = 0xFF;
        }

        _ = WellFormedJson.Of(json.AsSpan(0, 200).ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();

        var mended = WellFormedJson.Of(json);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("additions \\uFFFD \uFFFD\"", Encoding.UTF8.GetString(mended.Span), StringComparison.Ordinal);
        Assert.True(allocated < json.Length * 1.2, $"{allocated:N0} bytes allocated for a body of {json.Length:N0}");
    }
}
