using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Turns body bytes into text the way a feed reader must: a byte-order mark wins, then the
/// <c>Content-Type</c> charset, then UTF-16/32/EBCDIC byte patterns, then the XML declaration
/// (or an HTML <c>meta charset</c>), else UTF-8. Legacy code pages come from
/// <see cref="CodePagesEncodingProvider"/>. Bytes that do not decode become U+FFFD: decoding never throws.
/// </summary>
internal static partial class BodyText
{
    static BodyText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        (Encoding encoding, int skip) = Detect(bytes, contentType);
        string text = encoding.GetString(bytes[skip..]);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>The encoding chosen for <paramref name="bytes"/> and the length of its byte-order mark.</summary>
    public static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> bytes, string? contentType)
    {
        if (bytes.StartsWith((byte[])[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (Lenient(new UTF32Encoding(bigEndian: false, byteOrderMark: false)), 4);
        }

        if (bytes.StartsWith((byte[])[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (Lenient(new UTF32Encoding(bigEndian: true, byteOrderMark: false)), 4);
        }

        if (bytes.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            return (Lenient(new UTF8Encoding(false)), 3);
        }

        if (bytes.StartsWith((byte[])[0xFF, 0xFE]))
        {
            return (Lenient(new UnicodeEncoding(bigEndian: false, byteOrderMark: false)), 2);
        }

        if (bytes.StartsWith((byte[])[0xFE, 0xFF]))
        {
            return (Lenient(new UnicodeEncoding(bigEndian: true, byteOrderMark: false)), 2);
        }

        if (Charset(contentType) is { } fromHeader && ByName(fromHeader) is { } headerEncoding)
        {
            return (headerEncoding, 0);
        }

        if (bytes.StartsWith((byte[])[0x00, 0x00, 0x00, 0x3C]))
        {
            return (Lenient(new UTF32Encoding(bigEndian: true, byteOrderMark: false)), 0);
        }

        if (bytes.StartsWith((byte[])[0x3C, 0x00, 0x00, 0x00]))
        {
            return (Lenient(new UTF32Encoding(bigEndian: false, byteOrderMark: false)), 0);
        }

        if (bytes.StartsWith((byte[])[0x00, 0x3C, 0x00, 0x3F]) || bytes.StartsWith((byte[])[0x00, 0x3C, 0x00, 0x21]))
        {
            return (Lenient(new UnicodeEncoding(bigEndian: true, byteOrderMark: false)), 0);
        }

        if (bytes.StartsWith((byte[])[0x3C, 0x00, 0x3F, 0x00]) || bytes.StartsWith((byte[])[0x3C, 0x00, 0x21, 0x00]))
        {
            return (Lenient(new UnicodeEncoding(bigEndian: false, byteOrderMark: false)), 0);
        }

        if (bytes.StartsWith((byte[])[0x4C, 0x6F, 0xA7, 0x94]) && ByName("IBM037") is { } ebcdic)
        {
            return (ebcdic, 0);
        }

        string head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 2048)]);
        Match declared = XmlDeclarationEncoding().Match(head);
        if (!declared.Success)
        {
            declared = MetaCharset().Match(head);
        }

        // An ASCII-compatible body that claims UTF-16/32 is lying (the patterns above found no such bytes).
        if (declared.Success
            && !declared.Groups[1].Value.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase)
            && !declared.Groups[1].Value.StartsWith("utf-32", StringComparison.OrdinalIgnoreCase)
            && ByName(declared.Groups[1].Value) is { } documentEncoding)
        {
            return (documentEncoding, 0);
        }

        return (Lenient(new UTF8Encoding(false)), 0);
    }

    /// <summary>The <c>charset</c> parameter of a Content-Type value, tolerating quotes and stray spaces.</summary>
    public static string? Charset(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        Match match = CharsetParameter().Match(contentType);
        return match.Success && match.Groups[1].Value.Length > 0 ? match.Groups[1].Value : null;
    }

    private static Encoding? ByName(string name)
    {
        try
        {
            return Encoding.GetEncoding(name.Trim(), EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding Lenient(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);

    [GeneratedRegex(@"charset\s*[=:]\s*[""']?\s*([A-Za-z0-9._:\-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex(@"^\s*<\?xml[^>]*?encoding\s*=\s*[""']([A-Za-z0-9._:\-]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex XmlDeclarationEncoding();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?([A-Za-z0-9._:\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
