namespace PolicyWatchBot.Core;

/// <summary>
/// Makes text from outside (feed bodies, chat payloads, typed commands) well-formed UTF-16 once, at
/// the edge: each lone surrogate and each noncharacter (U+FDD0 to U+FDEF and the last two code points
/// of every plane, such as U+FFFE) becomes U+FFFD. Such text is legal in a .NET string but cannot be
/// normalised (<see cref="string.Normalize()"/> throws on it) nor stored faithfully as UTF-8.
/// </summary>
public static class WellFormedText
{
    public const char Replacement = '\uFFFD';

    /// <summary><paramref name="text"/> itself when it is well-formed (the common case, no copy); else a copy with the bad code units replaced.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstBad(text);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                var width = BadWidth(span, i);
                if (width < 0)
                {
                    span[i] = Replacement;
                }
                else if (width == 2)
                {
                    // A noncharacter above the BMP: both halves are replaced, keeping the length.
                    span[i] = Replacement;
                    span[++i] = Replacement;
                }
                else if (char.IsHighSurrogate(span[i]))
                {
                    i++;
                }
            }
        });
    }

    /// <summary>Null stays null; otherwise <see cref="Of(string)"/>.</summary>
    public static string? OfNullable(string? text) => text is null ? null : Of(text);

    /// <summary>The same list when every text is well-formed; otherwise a copy with each made so.</summary>
    public static IReadOnlyList<string> OfEach(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.All(t => IsWellFormed(t)) ? texts : [.. texts.Select(Of)];
    }

    /// <summary>Whether <paramref name="text"/> has no lone surrogate and no noncharacter.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text) => FirstBad(text) < 0;

    private static int FirstBad(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\uD800' || (c > '\uDFFF' && c < '\uFDD0'))
            {
                continue;
            }

            var width = BadWidth(text, i);
            if (width != 0)
            {
                return i;
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }

        return -1;
    }

    /// <summary>
    /// At <paramref name="i"/>: -1 for a lone surrogate or a BMP noncharacter (one unit to replace),
    /// 2 for a noncharacter written as a surrogate pair, 0 for a good character.
    /// </summary>
    private static int BadWidth(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return -1;
            }

            var codePoint = char.ConvertToUtf32(c, text[i + 1]);
            return (codePoint & 0xFFFE) == 0xFFFE ? 2 : 0;
        }

        if (char.IsLowSurrogate(c))
        {
            return -1;
        }

        return c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF' ? -1 : 0;
    }
}
