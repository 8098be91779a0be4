namespace PolicyWatchBot.Core.Rules;

/// <summary>What <see cref="TermHit.Position"/> and <see cref="TermHit.Length"/> count.</summary>
public enum HitUnit
{
    /// <summary>Token positions in the value's <see cref="TokenizedValue.Tokens"/> (words, prefixes, phrases).</summary>
    Tokens,

    /// <summary>Character offsets in the value's raw text (regular expressions).</summary>
    Characters,
}
