namespace PolicyWatchBot.Core.Alerts;

/// <summary>Why an alert fired: a rule's name, the distinct terms that hit as the item spells them, and where they hit.</summary>
public sealed record MatchedRule(string Name, IReadOnlyList<string> Terms)
{
    /// <summary>Every hit, by field, value and position; renderers mark those in the text they show.</summary>
    public IReadOnlyList<MatchedTerm> Hits { get; init; } = [];
}
