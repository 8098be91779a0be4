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

    /// <summary>The mapping of a <c>json-list</c> feed.</summary>
    public JsonListMapping? Json { get; init; }

    /// <summary>The list an <c>entity-list</c> feed downloads, and its format.</summary>
    public EntityListSource? EntityList { get; init; }

    /// <summary>Follow each new item's link once and read its text (html-list, syndication, json-list).</summary>
    public DetailStep? Detail { get; init; }

    /// <summary>Base for relative links, instead of the page's own URL or <c>&lt;base href&gt;</c>.</summary>
    public Uri? Base { get; init; }

    /// <summary>
    /// Request headers sent to the feed's own host (scheme, host and port of <see cref="Url"/>);
    /// values may reference secrets as <c>{secret:NAME}</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Further hosts the headers are sent to, over the feed's own scheme (detail pages on a sister host, such as www.sec.gov for data.sec.gov).</summary>
    public IReadOnlyList<string> HeaderHosts { get; init; } = [];

    /// <summary>
    /// Names of the secrets the URL or headers reference (<c>{secret:NAME}</c>, set as
    /// <c>PolicyWatch:Feeds:Secrets:NAME</c>). <see cref="Url"/> keeps the placeholders: it is
    /// safe to show and store.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>A query parameter of each item's link that alone identifies the item (<c>news_id</c>); it becomes the key.</summary>
    public string? KeyParameter { get; init; }

    /// <summary>Fetch each new or changed document's full text (FR <c>raw_text_url</c>) once per revision, searched as <c>body:</c>.</summary>
    public bool FullText { get; init; }

    /// <summary>False for a feed whose test payload was written from the source's documentation, not captured from it.</summary>
    public bool Verified { get; init; } = true;
}
