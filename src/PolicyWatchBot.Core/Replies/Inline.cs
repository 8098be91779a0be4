namespace PolicyWatchBot.Core.Replies;

/// <summary>
/// A piece of a reply line. Text from users and feeds only ever goes in as one of these, so each
/// platform renderer escapes it for its own markup and nothing in it can ping or forge a link.
/// </summary>
public abstract record Inline
{
    private Inline()
    {
    }

    public static implicit operator Inline(string text) => new Plain(text);

    public sealed record Plain(string Text) : Inline;

    public sealed record Strong(string Text) : Inline;

    /// <summary>Monospace: ids, rule expressions, commands.</summary>
    public sealed record Code(string Text) : Inline;

    public sealed record Link(string Text, string Url) : Inline;

    /// <summary>A user, shown by name; platforms may render a mention, which never notifies.</summary>
    public sealed record User(string UserId, string DisplayName) : Inline;
}
