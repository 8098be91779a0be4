using CsCheck;

namespace PolicyWatchBot.Tests.Fuzz;

/// <summary>Generators of the text classes that broke parsers: lone surrogates, noncharacters, odd whitespace, marks, wide and mixed scripts.</summary>
internal static class HostileText
{
    public static readonly string[] Characters =
    [
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFE", "\uFFFF", "\uFDD0", "\uFDEF", "\uD83F\uDFFE", "\uDBFF\uDFFF",
        "\u0000", "\u0301", "\u0308", "\u200B", "\u200D", "\u2028", "\u2029", "\u0085", "\u00A0", "\u3000", "\r", "\n", "\t", "\v", "\f",
        "é", "ß", "İ", "ı", "ﬁ", "Ⅻ", "①", "ｆｕｌｌ", "漢字", "ひらがな", "カタカナ", "한국어", "😀", "👩‍💻", "\uFFFD", "\u202E",
    ];

    /// <summary>One hostile character or sequence.</summary>
    public static readonly Gen<string> Character = Gen.OneOf(Characters);

    /// <summary>Any UTF-16 code unit, surrogates included.</summary>
    public static readonly Gen<string> AnyCodeUnit = Gen.Char.Select(c => c.ToString());

    /// <summary>Text made of <paramref name="pieces"/>, hostile characters and random code units, up to <paramref name="maxPieces"/> pieces.</summary>
    public static Gen<string> Mixed(Gen<string> pieces, int maxPieces) =>
        Gen.Frequency((6, pieces), (2, Character), (1, AnyCodeUnit), (1, Gen.Const(" ")))
            .Array[0, maxPieces]
            .Select(parts => string.Concat(parts));
}
