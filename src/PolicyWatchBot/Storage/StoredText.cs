using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Storage;

/// <summary>How both stores spell enumerations in text columns: mute scopes, mention kinds, feed outage causes.</summary>
internal static class StoredText
{
    /// <summary><c>rule</c>, <c>feed</c> or <c>channel</c>.</summary>
    public static string ScopeName(MuteScope scope) => scope.ToString().ToLowerInvariant();

    /// <summary>The target a mute row names: a channel mute has no name.</summary>
    public static MuteTarget ReadMuteTarget(string scope, string? name)
    {
        var parsed = Enum.Parse<MuteScope>(scope, ignoreCase: true);
        return parsed == MuteScope.Channel ? MuteTarget.Channel : new MuteTarget(parsed, name);
    }

    /// <summary><c>group</c> or <c>user</c>.</summary>
    public static string KindName(MentionKind kind) => kind == MentionKind.Group ? "group" : "user";

    public static Mention ReadMention(string kind, string id) => new(kind == "group" ? MentionKind.Group : MentionKind.User, id);

    /// <summary><c>failing</c>, <c>empty</c> or <c>recovered</c>.</summary>
    public static string ChangeName(FeedHealthChange change) => change switch
    {
        FeedHealthChange.Failing => "failing",
        FeedHealthChange.Empty => "empty",
        _ => "recovered",
    };

    /// <summary>The trouble an outage row was opened for.</summary>
    public static FeedHealthChange ReadOutageCause(string name) => name switch
    {
        "failing" => FeedHealthChange.Failing,
        "empty" => FeedHealthChange.Empty,
        _ => throw new InvalidDataException($"unknown outage cause '{name}' in feed_outages"),
    };
}
