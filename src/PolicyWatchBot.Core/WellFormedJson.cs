using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PolicyWatchBot.Core;

/// <summary>
/// Makes a JSON body's text well-formed before System.Text.Json reads it, which refuses the whole
/// document for one bad string (a feed body, a signed chat payload): bytes that are not UTF-8 become U+FFFD, and so does each
/// <c>\uD800</c>-style escape of a lone surrogate. Linear, and at most one copy of the body; a clean body is returned as it is.
/// </summary>
public static class WellFormedJson
{
    private static readonly byte[] Replacement = "\\uFFFD"u8.ToArray();

    public static ReadOnlyMemory<byte> Of(ReadOnlyMemory<byte> json)
    {
        byte[]? copy = Utf8.IsValid(json.Span) ? null : WithInvalidUtf8Replaced(json.Span);
        ReadOnlySpan<byte> span = copy is null ? json.Span : copy;
        int first = FirstLoneSurrogateEscape(span, 0);
        if (first < 0)
        {
            return copy ?? json;
        }

        // The replacement escape is as long as the one it replaces, so the copy is mended in place.
        copy ??= span.ToArray();
        for (int at = first; at >= 0; at = FirstLoneSurrogateEscape(copy, at + Replacement.Length))
        {
            Replacement.CopyTo(copy.AsSpan(at));
        }

        return copy;
    }

    /// <summary>The bytes with each maximal invalid UTF-8 sequence as U+FFFD, as .NET's UTF-8 decoder reads them.</summary>
    private static byte[] WithInvalidUtf8Replaced(ReadOnlySpan<byte> text)
    {
        var mended = new byte[Mend(text, [])];
        Mend(text, mended);
        return mended;
    }

    /// <summary>Writes the mended bytes to <paramref name="output"/> unless it is empty; returns their length.</summary>
    private static int Mend(ReadOnlySpan<byte> text, Span<byte> output)
    {
        ReadOnlySpan<byte> replacementCharacter = "\uFFFD"u8;
        bool write = !output.IsEmpty;
        int length = 0;
        while (!text.IsEmpty)
        {
            (int valid, int invalid) = NextRun(text);
            if (write)
            {
                text[..valid].CopyTo(output[length..]);
            }

            length += valid;
            if (invalid > 0)
            {
                if (write)
                {
                    replacementCharacter.CopyTo(output[length..]);
                }

                length += replacementCharacter.Length;
            }

            text = text[(valid + invalid)..];
        }

        return length;
    }

    /// <summary>How many bytes of valid UTF-8 start <paramref name="text"/>, and how long the invalid sequence after them is (0 at the end).</summary>
    private static (int Valid, int Invalid) NextRun(ReadOnlySpan<byte> text)
    {
        int at = 0;
        while (at < text.Length)
        {
            int nonAscii = text[at..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (nonAscii < 0)
            {
                return (text.Length, 0);
            }

            at += nonAscii;
            if (Rune.DecodeFromUtf8(text[at..], out _, out int consumed) != OperationStatus.Done)
            {
                return (at, consumed);
            }

            at += consumed;
        }

        return (at, 0);
    }

    /// <summary>Where the next <c>\uXXXX</c> escape of a lone surrogate starts, from <paramref name="from"/>; -1 when there is none.</summary>
    private static int FirstLoneSurrogateEscape(ReadOnlySpan<byte> json, int from)
    {
        int i = from;
        while (true)
        {
            int slash = json[i..].IndexOf((byte)'\\');
            if (slash < 0)
            {
                return -1;
            }

            i += slash;
            if (i + 1 >= json.Length)
            {
                return -1;
            }

            if (json[i + 1] != 'u' || Hex(json, i + 2) is not { } unit || !char.IsSurrogate((char)unit))
            {
                i += 2; // any other escape, \\ included, is two bytes and leaves the next one alone
                continue;
            }

            if (char.IsHighSurrogate((char)unit) && i + 7 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && Hex(json, i + 8) is { } low && char.IsLowSurrogate((char)low))
            {
                i += 12;
                continue;
            }

            return i;
        }
    }

    private static int? Hex(ReadOnlySpan<byte> json, int start)
    {
        if (start + 4 > json.Length)
        {
            return null;
        }

        int value = 0;
        foreach (byte b in json.Slice(start, 4))
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }

            value = (value * 16) + digit;
        }

        return value;
    }
}
