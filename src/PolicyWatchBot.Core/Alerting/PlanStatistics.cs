namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// The work a plan took: items tokenized (once each, whatever the number of channels) and rules
/// evaluated (only those anchored on a term that occurs, and those with no term to anchor on).
/// </summary>
public sealed record PlanStatistics(int Subscribers, int ItemsTokenized, long RuleEvaluations);
