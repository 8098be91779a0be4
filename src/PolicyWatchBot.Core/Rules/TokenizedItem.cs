using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Rules;

/// <summary>An item with every searchable value tokenized once, ready to be matched by any number of rules.</summary>
public sealed class TokenizedItem
{
    internal TokenizedItem(FeedItem item, TokenizedValue[] values)
    {
        Item = item;
        ValueArray = values;
    }

    public FeedItem Item { get; }

    /// <summary>Values in field order: title, summary, action, the detail page's text (a summary), further fields, agencies, type, CFR references, dockets, feed, jurisdiction, RINs, topics, significance.</summary>
    public IReadOnlyList<TokenizedValue> Values => ValueArray;

    internal TokenizedValue[] ValueArray { get; }
}
