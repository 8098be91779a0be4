namespace PolicyWatchBot.Core.Rules;

/// <summary>A rule that matched an item, with its hits sorted by field, value and position.</summary>
public sealed record RuleMatch(string RuleName, IReadOnlyList<TermHit> Hits);
