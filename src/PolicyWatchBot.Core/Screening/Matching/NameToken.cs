namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>One folded word of a name or text, and where its characters are in the original (UTF-16, end exclusive).</summary>
internal readonly record struct NameToken(string Text, int Start, int End);
