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

    /// <summary>A screening-list change's list (its id and its name).</summary>
    List,

    /// <summary>A screening-list entity's names and aliases.</summary>
    Name,

    /// <summary>A screening-list entity's countries.</summary>
    Country,

    /// <summary>A screening-list entity's sanctions programs.</summary>
    Program,
}
