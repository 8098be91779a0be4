namespace PolicyWatchBot.Core.Rules;

/// <summary>Field names of the rule language and the item values each field searches, as bit masks over <see cref="ItemField"/>.</summary>
internal static class FieldScope
{
    public const int Text = (1 << (int)ItemField.Title) | (1 << (int)ItemField.Summary) | (1 << (int)ItemField.Action) | (1 << (int)ItemField.Extra);

    public static int Bit(ItemField field) => 1 << (int)field;

    public static int Mask(RuleField field) => field switch
    {
        RuleField.Text => Text,
        RuleField.Title => Bit(ItemField.Title),
        RuleField.Summary => Bit(ItemField.Summary),
        RuleField.Agency => Bit(ItemField.Agency),
        RuleField.Type => Bit(ItemField.Type),
        RuleField.Cfr => Bit(ItemField.Cfr),
        RuleField.Docket => Bit(ItemField.Docket),
        RuleField.Feed => Bit(ItemField.Feed),
        RuleField.Jurisdiction => Bit(ItemField.Jurisdiction),
        RuleField.Rin => Bit(ItemField.Rin),
        RuleField.Topic => Bit(ItemField.Topic),
        RuleField.Significant => Bit(ItemField.Significant),
        RuleField.Body => Bit(ItemField.Body),
        RuleField.List => Bit(ItemField.List),
        RuleField.Name => Bit(ItemField.Name),
        RuleField.Country => Bit(ItemField.Country),
        RuleField.Program => Bit(ItemField.Program),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown rule field."),
    };

    public static bool TryParse(ReadOnlySpan<char> name, out RuleField field)
    {
        foreach (var candidate in Enum.GetValues<RuleField>())
        {
            if (name.Equals(Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                field = candidate;
                return true;
            }
        }

        field = RuleField.Text;
        return false;
    }

    public static string Name(RuleField field) => field switch
    {
        RuleField.Text => "text",
        RuleField.Title => "title",
        RuleField.Summary => "summary",
        RuleField.Agency => "agency",
        RuleField.Type => "type",
        RuleField.Cfr => "cfr",
        RuleField.Docket => "docket",
        RuleField.Feed => "feed",
        RuleField.Jurisdiction => "jurisdiction",
        RuleField.Rin => "rin",
        RuleField.Topic => "topic",
        RuleField.Significant => "significant",
        RuleField.Body => "body",
        RuleField.List => "list",
        RuleField.Name => "name",
        RuleField.Country => "country",
        RuleField.Program => "program",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown rule field."),
    };

    public static string Names => "text, title, summary, agency, type, cfr, docket, feed, jurisdiction, rin, topic, significant, body, list, name, country, program";
}
