using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Rules;

/// <summary>A named rule as a user wrote it, e.g. <c>entity-list: "entity list" AND type:rule -correction</c>.</summary>
public sealed record RuleDefinition(string Name, string Expression)
{
    /// <summary>The rule's alerts go out at once with a visible marker, even in digest mode, and are never grouped.</summary>
    public bool Urgent { get; init; }

    /// <summary>Who the rule's urgent alerts ping (a manager's choice, stored as the platform's id); null pings nobody.</summary>
    public Mention? Notify { get; init; }
}
