using System.Buffers;
using System.Globalization;
using System.Text;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The rule language's normalisation and tokens (docs/rules.md): NFKD, nonspacing marks dropped, invariant
/// lower case; a token is a maximal run of letters or decimal digits, and each Han, Hiragana or Katakana
/// character is a token of its own. Items and query words go through the same code.
/// </summary>
public static class TextTokenizer
{
    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        AppendTokens(text, tokens, hashes: null);
        return tokens;
    }

    /// <summary>
    /// Where each token of <paramref name="text"/> is in the text itself: its first character and its
    /// length, so a hit can be shown as the item spells it. Null in the rare text whose characters
    /// normalise differently one by one than together (the token count then differs).
    /// </summary>
    internal static (int Start, int Length)[]? TokenSpans(string text, int tokenCount)
    {
        var spans = new List<(int, int)>(tokenCount);
        if (Ascii.IsValid(text))
        {
            for (var i = 0; i < text.Length;)
            {
                while (i < text.Length && !char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                }

                var start = i;
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                }

                if (i > start)
                {
                    spans.Add((start, i - start));
                }
            }
        }
        else
        {
            // Well-formed keeps every position (each bad code unit becomes one U+FFFD).
            AddUnicodeSpans(WellFormedText.Of(text), spans);
        }

        return spans.Count == tokenCount ? [.. spans] : null;
    }

    // The same token rules as AppendUnicodeTokens, each original character normalised on its own.
    private static void AddUnicodeSpans(string text, List<(int, int)> spans)
    {
        var start = -1;
        var end = 0;
        for (var at = 0; at < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(at), out var original, out var width);
            if (status != OperationStatus.Done)
            {
                original = Rune.ReplacementChar;
                width = Math.Max(width, 1);
            }

            foreach (var rune in original.ToString().Normalize(NormalizationForm.FormKD).EnumerateRunes())
            {
                var category = Rune.GetUnicodeCategory(rune);
                if (category == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }

                if (IsSingleCharacterToken(rune, category))
                {
                    Close(spans, ref start, end);
                    spans.Add((at, width));
                }
                else if (category <= UnicodeCategory.OtherLetter || category == UnicodeCategory.DecimalDigitNumber)
                {
                    start = start < 0 ? at : start;
                    end = at + width;
                }
                else
                {
                    Close(spans, ref start, end);
                }
            }

            at += width;
        }

        Close(spans, ref start, end);
    }

    private static void Close(List<(int, int)> spans, ref int start, int end)
    {
        if (start >= 0)
        {
            spans.Add((start, end - start));
            start = -1;
        }
    }

    /// <summary>
    /// Appends the tokens of <paramref name="text"/> and, when asked, their <see cref="TokenHash"/>es.
    /// Never throws: text that cannot be normalised (a lone surrogate, a noncharacter) is made
    /// well-formed first, so such a code unit separates tokens like any symbol.
    /// </summary>
    internal static void AppendTokens(string text, List<string> tokens, List<int>? hashes)
    {
        if (Ascii.IsValid(text))
        {
            AppendAsciiTokens(text, tokens, hashes);
        }
        else
        {
            AppendUnicodeTokens(WellFormedText.Of(text).Normalize(NormalizationForm.FormKD), tokens, hashes);
        }
    }

    private static void AppendAsciiTokens(string text, List<string> tokens, List<int>? hashes)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                return;
            }

            var start = i;
            var hasUpper = false;
            var hash = TokenHash.Seed;
            while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
            {
                var c = text[i];
                if (char.IsAsciiLetterUpper(c))
                {
                    hasUpper = true;
                    c = (char)(c | 0x20);
                }

                hash = TokenHash.Add(hash, c);
                i++;
            }

            hashes?.Add((int)hash);

            tokens.Add(hasUpper
                ? string.Create(i - start, (text, start), static (span, state) =>
                    Ascii.ToLower(state.text.AsSpan(state.start, span.Length), span, out _))
                : start == 0 && i == text.Length ? text : text.Substring(start, i - start));
        }
    }

    private static void AppendUnicodeTokens(string normalized, List<string> tokens, List<int>? hashes)
    {
        var buffer = ArrayPool<char>.Shared.Rent(normalized.Length * 2);
        try
        {
            var length = 0;
            foreach (var rune in normalized.EnumerateRunes())
            {
                var category = Rune.GetUnicodeCategory(rune);
                if (category == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }

                var isLetter = category <= UnicodeCategory.OtherLetter;
                if (IsSingleCharacterToken(rune, category))
                {
                    Flush(buffer, ref length, tokens, hashes);
                    var token = rune.ToString();
                    tokens.Add(token);
                    hashes?.Add(TokenHash.Compute(token));
                }
                else if (isLetter || category == UnicodeCategory.DecimalDigitNumber)
                {
                    length += Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer.AsSpan(length));
                }
                else
                {
                    Flush(buffer, ref length, tokens, hashes);
                }
            }

            Flush(buffer, ref length, tokens, hashes);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Flush(char[] buffer, ref int length, List<string> tokens, List<int>? hashes)
    {
        if (length > 0)
        {
            tokens.Add(new string(buffer, 0, length));
            hashes?.Add(TokenHash.Compute(buffer.AsSpan(0, length)));
            length = 0;
        }
    }

    /// <summary>Han, Hiragana and Katakana letters (and Han number letters such as 〇) stand alone.</summary>
    private static bool IsSingleCharacterToken(Rune rune, UnicodeCategory category)
    {
        if (category > UnicodeCategory.OtherLetter && category != UnicodeCategory.LetterNumber)
        {
            return false;
        }

        var v = rune.Value;
        return v switch
        {
            >= 0x2E80 and <= 0x2FDF => true, // CJK and Kangxi radicals
            0x3005 or 0x3007 => true, // 々 〇
            >= 0x3021 and <= 0x3029 => true, // Hangzhou numerals
            >= 0x3038 and <= 0x303B => true,
            >= 0x3041 and <= 0x30FF => true, // Hiragana, Katakana
            >= 0x31F0 and <= 0x31FF => true, // Katakana phonetic extensions
            >= 0x3400 and <= 0x4DBF => true, // CJK extension A
            >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
            >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
            >= 0xFF66 and <= 0xFF9F => true, // half-width Katakana
            >= 0x1B000 and <= 0x1B16F => true, // Kana supplement and extensions
            >= 0x20000 and <= 0x323AF => true, // CJK extensions B to H
            _ => false,
        };
    }
}
