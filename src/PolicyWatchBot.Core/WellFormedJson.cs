using System.Text;
using System.Text.Unicode;

namespace PolicyWatchBot.Core;

/// <summary>
/// Makes a JSON body's text well-formed before System.Text.Json reads it, which refuses the whole
/// document for one bad string (a feed body, a signed chat payload): bytes that are not UTF-8 become U+FFFD, and so does each
/// <c>\uD800</c>-style escape of a lone surrogate. One linear pass; a clean body is returned as it is.
/// </summary>
public static class WellFormedJson
{
    private static readonly byte[] Replacement = "\\uFFFD"u8.ToArray();

    public static ReadOnlyMemory<byte> Of(ReadOnlyMemory<byte> json)
    {
        if (!Utf8.IsValid(json.Span))
        {
            json = new UTF8Encoding(false, false).GetBytes(new UTF8Encoding(false, false).GetString(json.Span));
        }

        ReadOnlySpan<byte> span = json.Span;
        int first = FirstLoneSurrogateEscape(span, 0);
        if (first < 0)
        {
            return json;
        }

        var fixedJson = new List<byte>(span.Length);
        int copied = 0;
        for (int at = first; at >= 0; at = FirstLoneSurrogateEscape(span, copied))
        {
            fixedJson.AddRange(span[copied..at]);
            fixedJson.AddRange(Replacement);
            copied = at + 6;
        }

        fixedJson.AddRange(span[copied..]);
        return fixedJson.ToArray();
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
