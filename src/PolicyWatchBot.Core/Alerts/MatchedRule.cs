namespace PolicyWatchBot.Core.Alerts;

/// <summary>Why an alert fired: a rule's name and the distinct terms that hit, as the item spells them.</summary>
public sealed record MatchedRule(string Name, IReadOnlyList<string> Terms);
