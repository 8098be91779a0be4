namespace PolicyWatchBot.Core.Rules;

/// <summary>Where a value of a tokenized item comes from. The default field <c>text</c> is Title, Summary and Action.</summary>
public enum ItemField
{
    Title,
    Summary,
    Action,
    Agency,
    Type,
    Cfr,
    Docket,
    Feed,
    Jurisdiction,
    Rin,
    Topic,
    Significant,
}
