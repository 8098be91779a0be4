namespace PolicyWatchBot.Core.Rules;

/// <summary>A named rule as a user wrote it, e.g. <c>entity-list: "entity list" AND type:rule -correction</c>.</summary>
public sealed record RuleDefinition(string Name, string Expression);
