namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// FNV-1a over the UTF-16 code units of a normalised token. The tokenizer computes it while scanning; the
/// <see cref="RuleSet"/> term table is keyed by it, and a prefix's hash is the state after its characters.
/// </summary>
internal static class TokenHash
{
    public const uint Seed = 2166136261;

    public static uint Add(uint hash, char c) => (hash ^ c) * 16777619;

    public static int Compute(ReadOnlySpan<char> token)
    {
        var hash = Seed;
        foreach (var c in token)
        {
            hash = Add(hash, c);
        }

        return (int)hash;
    }
}
