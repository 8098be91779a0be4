namespace PolicyWatchBot.Core.Rules;

/// <summary>An occurrence of a word, prefix or phrase: value index within the item, first token, token count.</summary>
internal readonly record struct MatchSpan(int Value, int Start, int Length);
