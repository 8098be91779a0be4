using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Turns body bytes into text the way a feed reader must: a byte-order mark wins, then the
/// <c>Content-Type</c> charset, then UTF-16/32/EBCDIC byte patterns, then the XML declaration
/// (or an HTML <c>meta charset</c>), else UTF-8. Legacy code pages come from
/// <see cref="CodePagesEncodingProvider"/>. Bytes that do not decode become '?' (the default replacement fallback,
/// not U+FFFD): decoding never throws.
/// </summary>
internal static partial class BodyText
{
    static BodyText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        (Encoding encoding, int skip) = Detect(bytes, contentType);
        string text = GetString(encoding, bytes[skip..]);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>
    /// The first <paramref name="length"/> characters of <see cref="Decode"/>'s text (all of it when it is
    /// shorter), decoding only the bytes they come from: enough to tell what a body is without a copy of all of it.
    /// </summary>
    public static string DecodeHead(ReadOnlySpan<byte> bytes, string? contentType, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        (Encoding encoding, int skip) = Detect(bytes, contentType);
        ReadOnlySpan<byte> content = bytes[skip..];

        // One character more than asked for, for the U+FEFF that Decode drops.
        int wanted = length + 1;
        string text;
        if (Utf32Replacement(encoding) is { } utf32)
        {
            // Every four bytes are one or two characters.
            text = Utf32Text.Decode(content[..(int)Math.Min(content.Length, 4L * wanted)], utf32.BigEndian, utf32.Replacement);
        }
        else
        {
            Decoder decoder = encoding.GetDecoder();
            char[] chars = new char[wanted + 2];
            int produced = 0;
            int read = 0;
            while (produced < wanted && read < content.Length)
            {
                int chunk = Math.Min(content.Length - read, 4096);
                decoder.Convert(content.Slice(read, chunk), chars.AsSpan(produced), flush: read + chunk == content.Length, out int used, out int made, out _);
                if (used == 0 && made == 0)
                {
                    break;
                }

                read += used;
                produced += made;
            }

            text = new string(chars, 0, produced);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return text.Length > length ? text[..length] : text;
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

    private static string GetString(Encoding encoding, ReadOnlySpan<byte> bytes) =>
        Utf32Replacement(encoding) is { } utf32 ? Utf32Text.Decode(bytes, utf32.BigEndian, utf32.Replacement) : encoding.GetString(bytes);

    /// <summary>For UTF-32 with a replacement fallback (every UTF-32 encoding <see cref="Detect"/> gives), its byte order and replacement text.</summary>
    private static (bool BigEndian, string Replacement)? Utf32Replacement(Encoding encoding) =>
        encoding.CodePage is 12000 or 12001 && encoding.DecoderFallback is DecoderReplacementFallback fallback
            ? (encoding.CodePage == 12001, fallback.DefaultString)
            : null;

    private static Encoding Lenient(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);

    [GeneratedRegex(@"charset\s*[=:]\s*[""']?\s*([A-Za-z0-9._:\-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex(@"^\s*<\?xml[^>]*?encoding\s*=\s*[""']([A-Za-z0-9._:\-]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex XmlDeclarationEncoding();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?([A-Za-z0-9._:\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
