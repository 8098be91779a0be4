namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// One value of one field of an item (the title, an agency name, a CFR reference) with its tokens.
/// A token's position is its index in <see cref="Tokens"/>.
/// </summary>
public sealed class TokenizedValue
{
    internal TokenizedValue(ItemField field, int index, string text, string[] tokens, int[] tokenHashes)
    {
        Field = field;
        Index = index;
        Text = text;
        TokenArray = tokens;
        TokenHashes = tokenHashes;
    }

    public ItemField Field { get; }

    /// <summary>The value's index among the values of its field (the second agency is 1).</summary>
    public int Index { get; }

    /// <summary>The raw text, as regular expressions see it.</summary>
    public string Text { get; }

    public IReadOnlyList<string> Tokens => TokenArray;

    internal string[] TokenArray { get; }

    /// <summary>The <see cref="TokenHash"/> of each token, computed while tokenizing, so lookups need not hash again.</summary>
    internal int[] TokenHashes { get; }

    /// <summary>Where each token is in <see cref="Text"/> (first character, length); null when that cannot be told.</summary>
    internal (int Start, int Length)[]? Spans
    {
        get
        {
            if (!Volatile.Read(ref _spansKnown))
            {
                _spans = TextTokenizer.TokenSpans(Text, TokenArray.Length);
                Volatile.Write(ref _spansKnown, true);
            }

            return _spans;
        }
    }

    private (int Start, int Length)[]? _spans;
    private bool _spansKnown;

    public override string ToString() => $"{Field}[{Index}]: {Text}";
}
