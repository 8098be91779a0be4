using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>
/// Splits a name or a text into folded words: lower case, accents and other marks dropped
/// (compatibility decomposition, so full-width letters read as plain ones), letters with no
/// decomposition spelled out (ß ss, ø o, æ ae, ł l ...). Dots and apostrophes inside a word join it
/// ("S.A." is "sa", "O'Brien" "obrien"); any other punctuation or space separates words. Chinese
/// and Japanese characters, written without spaces, are a word each, so a name is found inside a
/// run of them. The usual abbreviations of name words read as the word ("Intl" international,
/// "Tech" technology, "Mfg" manufacturing).
/// </summary>
internal static class NameTokenizer
{
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["intl"] = "international",
        ["natl"] = "national",
        ["tech"] = "technology",
        ["techn"] = "technology",
        ["technol"] = "technology",
        ["sci"] = "science",
        ["dev"] = "development",
        ["mfg"] = "manufacturing",
        ["engg"] = "engineering",
        ["elec"] = "electronics",
        ["svcs"] = "services",
        ["hldgs"] = "holdings",
        ["grp"] = "group",
        ["inst"] = "institute",
        ["univ"] = "university",
        ["assn"] = "association",
        ["bros"] = "brothers",
    };

    private static readonly ConcurrentDictionary<int, string> Folded = new();

    public static List<NameToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<NameToken>();
        var word = new StringBuilder();
        var start = -1;
        var end = -1;
        var offset = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var at = offset;
            offset += rune.Utf16SequenceLength;
            if (IsIdeograph(rune.Value))
            {
                Flush();
                tokens.Add(new NameToken(rune.ToString(), at, offset));
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                if (start < 0)
                {
                    start = at;
                }

                word.Append(Fold(rune));
                end = offset;
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                end = start < 0 ? end : offset;
            }
            else if (word.Length == 0 || !IsJoiner(rune.Value))
            {
                Flush();
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (word.Length > 0)
            {
                var folded = word.ToString();
                tokens.Add(new NameToken(Abbreviations.GetValueOrDefault(folded, folded), start, end));
            }

            word.Clear();
            start = -1;
        }
    }

    private static bool IsJoiner(int value) => value is '.' or '\'' or '`' or '\u2019' or '\u2018' or '\u02BC';

    // CJK ideographs (with extensions and compatibility forms), hiragana and katakana.
    private static bool IsIdeograph(int value) =>
        value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2FFFF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x3040 and <= 0x30FF);

    private static string Fold(Rune rune)
    {
        if (rune.IsAscii)
        {
            return ((char)Rune.ToLowerInvariant(rune).Value).ToString();
        }

        return Folded.GetOrAdd(rune.Value, static value => FoldSlow(new Rune(value)));
    }

    private static string FoldSlow(Rune rune)
    {
        var lower = Rune.ToLowerInvariant(rune);
        var spelled = lower.Value switch
        {
            'ß' => "ss",
            'ø' => "o",
            'æ' => "ae",
            'œ' => "oe",
            'ł' => "l",
            'đ' or 'ð' => "d",
            'þ' => "th",
            'ı' => "i",
            _ => null,
        };
        if (spelled is not null)
        {
            return spelled;
        }

        var folded = new StringBuilder();
        foreach (var c in lower.ToString().Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }
}
