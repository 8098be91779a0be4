namespace PolicyWatchBot.Core.Rules;

/// <summary>Where a value of a tokenized item comes from. The default field <c>text</c> is Title, Summary, Action and Extra.</summary>
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

    /// <summary>The full text of a document (<see cref="Items.FeedItem.Body"/>): its own field <c>body:</c>, never part of <c>text</c>.</summary>
    Body,

    /// <summary>Further fields of a json-list feed (<see cref="Items.FeedItem.Extras"/>): part of the default text field, no field name of their own.</summary>
    Extra,

    /// <summary>A screening-list change's list id and name (<see cref="Items.FeedItem.Listing"/>); not in the term index.</summary>
    List,

    /// <summary>A screening-list entity's names and aliases; not in the term index.</summary>
    Name,

    /// <summary>A screening-list entity's countries; not in the term index.</summary>
    Country,

    /// <summary>A screening-list entity's programs; not in the term index.</summary>
    Program,
}
