namespace PolicyWatchBot.Core.Feeds;

/// <summary>One validated feed definition from <c>feeds/*.json</c>.</summary>
public sealed record FeedDefinition
{
    public required FeedId Id { get; init; }
    public required string Title { get; init; }
    public required FeedKind Kind { get; init; }
    public required Uri Url { get; init; }
    public required FeedSchedule Schedule { get; init; }

    /// <summary><c>us</c>, <c>uk</c>, <c>eu</c>, <c>jp</c>, ... (docs/rules.md <c>jurisdiction</c>).</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>Agency given to items whose source names none (gov.uk, arXiv...).</summary>
    public string? DefaultAgency { get; init; }

    /// <summary>Type given to items whose source names none (<c>press release</c>, <c>paper</c>...).</summary>
    public string? DefaultType { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
    public HtmlSelectors? Html { get; init; }
}
