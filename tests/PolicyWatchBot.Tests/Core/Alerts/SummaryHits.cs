using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Alerts;

/// <summary>Hand-made hits for renderer tests: each term's first occurrence in an alert's summary.</summary>
internal static class SummaryHits
{
    public static IReadOnlyList<MatchedTerm> Of(string summary, params string[] terms) =>
    [
        .. terms.Select(t => (Term: t, At: summary.IndexOf(t, StringComparison.Ordinal)))
            .Where(t => t.At >= 0)
            .Select(t => new MatchedTerm(ItemField.Summary, 0, t.At, t.Term.Length, t.Term)),
    ];
}
