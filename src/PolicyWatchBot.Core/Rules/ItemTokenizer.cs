using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Rules;

/// <summary>Extracts the rule fields of a <see cref="FeedItem"/> and tokenizes each value (docs/rules.md, Fields).</summary>
public static class ItemTokenizer
{
    [ThreadStatic]
    private static List<string>? t_tokens;

    [ThreadStatic]
    private static List<int>? t_hashes;

    [ThreadStatic]
    private static List<TokenizedValue>? t_values;

    public static TokenizedItem Tokenize(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var values = t_values ??= new List<TokenizedValue>(16);
        values.Clear();

        Add(values, ItemField.Title, 0, item.Title);
        Add(values, ItemField.Summary, 0, item.Summary);
        Add(values, ItemField.Action, 0, item.Action);
        Add(values, ItemField.Summary, 1, item.Detail);
        for (var i = 0; i < item.Extras.Count; i++)
        {
            Add(values, ItemField.Extra, i, item.Extras[i].Value);
        }

        AddAll(values, ItemField.Agency, item.Agencies);
        Add(values, ItemField.Type, 0, item.DocumentType);
        AddAll(values, ItemField.Cfr, item.CfrReferences);
        AddAll(values, ItemField.Docket, item.Dockets);
        Add(values, ItemField.Feed, 0, item.Feed.Value);
        Add(values, ItemField.Jurisdiction, 0, item.Jurisdiction);
        for (var i = 0; i < item.Dockets.Count; i++)
        {
            if (RegulationIdentifiers.IsRin(item.Dockets[i]))
            {
                Add(values, ItemField.Rin, i, item.Dockets[i]);
            }
        }

        Add(values, ItemField.Body, 0, item.Body);
        if (item.FederalRegister is { } fr)
        {
            // A presidential document's subtype ("Executive Order", "Proclamation") is a type too.
            Add(values, ItemField.Type, 1, fr.Subtype);
            AddAll(values, ItemField.Topic, fr.Topics);
            if (fr.Significant)
            {
                Add(values, ItemField.Significant, 0, "true");
            }
        }

        if (item.Listing is { } listing)
        {
            Add(values, ItemField.List, 0, listing.List);
            Add(values, ItemField.List, 1, listing.ListTitle);
            AddAll(values, ItemField.Name, listing.Names);
            AddAll(values, ItemField.Country, listing.Countries);
            AddAll(values, ItemField.Program, listing.Programs);
        }

        var result = new TokenizedItem(item, [.. values]);
        values.Clear();
        return result;
    }

    private static void AddAll(List<TokenizedValue> values, ItemField field, IReadOnlyList<string> texts)
    {
        for (var i = 0; i < texts.Count; i++)
        {
            Add(values, field, i, texts[i]);
        }
    }

    /// <summary>Adds a non-empty value; <paramref name="index"/> is its index in the item's own list.</summary>
    private static void Add(List<TokenizedValue> values, ItemField field, int index, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var tokens = t_tokens ??= new List<string>(256);
        var hashes = t_hashes ??= new List<int>(256);
        TextTokenizer.AppendTokens(text, tokens, hashes);
        values.Add(new TokenizedValue(field, index, text, [.. tokens], [.. hashes]));
        tokens.Clear();
        hashes.Clear();
    }
}
