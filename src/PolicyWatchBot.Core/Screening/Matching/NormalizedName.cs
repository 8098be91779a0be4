namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>A name as matching compares it: its folded words without legal forms or joining words.</summary>
internal sealed class NormalizedName
{
    public NormalizedName(IReadOnlyList<string> tokens)
    {
        Tokens = tokens;
        Joined = string.Concat(tokens);
        Length = Joined.Length;
    }

    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The words run together: "rosoboron export" and "rosoboronexport" read alike.</summary>
    public string Joined { get; }

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    public static NormalizedName Of(string name) =>
        new(NameNoise.Remove(NameTokenizer.Tokenize(name)).Select(t => t.Text).ToArray());

    public override string ToString() => string.Join(' ', Tokens);
}
