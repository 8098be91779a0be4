namespace PolicyWatchBot.Chat.Slack;

/// <summary>What one Web API call came to: the answer, Slack's refusal, a rate limit, or no usable answer.</summary>
internal abstract record SlackResult<T>
{
    private SlackResult()
    {
    }

    public sealed record Ok(T Value) : SlackResult<T>;

    /// <summary><c>{"ok":false,"error":"…"}</c> (or a 4xx from a <c>response_url</c>).</summary>
    public sealed record Refused(string Error) : SlackResult<T>;

    /// <summary>HTTP 429: the call was not made; try again after <paramref name="RetryAfter"/>.</summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : SlackResult<T>;

    /// <summary>A 5xx, a timeout, a network error or an unreadable answer: whether the call took effect is unknown.</summary>
    public sealed record Unavailable(string Reason) : SlackResult<T>;
}
