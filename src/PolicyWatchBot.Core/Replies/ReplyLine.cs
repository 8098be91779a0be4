namespace PolicyWatchBot.Core.Replies;

/// <summary>One line of a reply: a run of inline pieces.</summary>
public sealed record ReplyLine(IReadOnlyList<Inline> Parts)
{
    public static ReplyLine Of(params Inline[] parts) => new(parts);

    /// <summary>A list item, rendered with a bullet.</summary>
    public bool IsBullet { get; init; }

    public static ReplyLine Bullet(params Inline[] parts) => new(parts) { IsBullet = true };

    /// <summary>The line as plain text (console output, notification fallbacks, tests).</summary>
    public override string ToString() => (IsBullet ? "• " : "") + string.Concat(Parts.Select(PlainText));

    private static string PlainText(Inline part) => part switch
    {
        Inline.Plain p => p.Text,
        Inline.Strong s => s.Text,
        Inline.Code c => c.Text,
        Inline.Link l => l.Text == l.Url ? l.Url : $"{l.Text} <{l.Url}>",
        Inline.User u => "@" + u.DisplayName,
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };
}
