using System.Buffers.Binary;
using System.Text;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Decodes UTF-32 to the same text as .NET's <see cref="System.Text.UTF32Encoding"/> with a replacement
/// fallback (each four-byte unit that is not a scalar value, surrogates included, and a cut last unit
/// become the replacement), allocating only the string. .NET's decoder allocates a fallback array for
/// every bad unit, so a binary body sniffed as UTF-32 (it starts with <c>&lt;</c> and three NULs)
/// cost sixteen times its size.
/// </summary>
internal static class Utf32Text
{
    public static string Decode(ReadOnlySpan<byte> bytes, bool bigEndian, string replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        int length = 0;
        for (int at = 0; at + 4 <= bytes.Length; at += 4)
        {
            length += ScalarAt(bytes, at, bigEndian) switch
            {
                < 0 => replacement.Length,
                > 0xFFFF => 2,
                _ => 1,
            };
        }

        if (bytes.Length % 4 != 0)
        {
            length += replacement.Length;
        }

        return string.Create(length, new Source(bytes, bigEndian, replacement), static (chars, source) => source.WriteTo(chars));
    }

    /// <summary>The scalar value of the unit at <paramref name="at"/>; -1 when it is none (a surrogate or above U+10FFFF).</summary>
    private static int ScalarAt(ReadOnlySpan<byte> bytes, int at, bool bigEndian)
    {
        uint unit = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
        return unit > 0x10FFFF || unit is >= 0xD800 and <= 0xDFFF ? -1 : (int)unit;
    }

    private readonly ref struct Source(ReadOnlySpan<byte> bytes, bool bigEndian, string replacement)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public void WriteTo(Span<char> chars)
        {
            int written = 0;
            for (int at = 0; at + 4 <= _bytes.Length; at += 4)
            {
                int scalar = ScalarAt(_bytes, at, bigEndian);
                if (scalar < 0)
                {
                    replacement.CopyTo(chars[written..]);
                    written += replacement.Length;
                }
                else
                {
                    written += new Rune(scalar).EncodeToUtf16(chars[written..]);
                }
            }

            if (_bytes.Length % 4 != 0)
            {
                replacement.CopyTo(chars[written..]);
            }
        }
    }
}
