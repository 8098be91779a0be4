namespace PolicyWatchBot.Core.Rules;

/// <summary>A field a rule term can be scoped to with <c>field:x</c>; <see cref="Text"/> is the default.</summary>
public enum RuleField
{
    Text,
    Title,
    Summary,
    Agency,
    Type,
    Cfr,
    Docket,
    Feed,
    Jurisdiction,
    Rin,
    Topic,
    Significant,
    Body,
}
