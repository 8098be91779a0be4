namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Someone a rule's urgent alerts ping, as the platform's own id: a Slack user group (<c>S…</c>) or
/// user (<c>U…</c>, <c>W…</c>), a Discord role or user (a snowflake), or a console name. Only ids a
/// manager attached to a rule are ever rendered as mentions; nothing from a feed is.
/// </summary>
public sealed record Mention(MentionKind Kind, string Id)
{
    public override string ToString() => Kind == MentionKind.Group ? "group " + Id : "user " + Id;
}

public enum MentionKind
{
    User,

    /// <summary>A Slack user group or a Discord role.</summary>
    Group,
}
